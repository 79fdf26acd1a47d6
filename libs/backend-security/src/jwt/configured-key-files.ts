import { readFile } from 'node:fs/promises';
import { type GatewaySettings, resolveSettingsPath } from '#settings';
import { KeyFileProblem, SigningKey } from './signing-key.js';

/** The key pairs of `backendJwt.keys` as read from their files, and which one signs. */
export interface ConfiguredKeys {
  /** In settings order; all are published in the JWKS. */
  readonly keys: readonly SigningKey[];
  readonly signing: SigningKey;
}

/**
 * Reads every `backendJwt.keys` entry (at start, and again on rotation after an operator replaced
 * files). Throws a KeyFileProblem naming the entry and file that cannot be used: unreadable, no
 * PEM, a key that does not fit `signingAlgorithm`, a certificate of another key, or a choice of
 * signing key that is not exactly one (a single key signs without `useForSigning`).
 */
export async function readConfiguredKeys(settings: GatewaySettings): Promise<ConfiguredKeys> {
  const { keys: entries, signingAlgorithm } = settings.backendJwt;
  const signingIndex = signingIndexOf(entries.map((entry) => entry.useForSigning), entries.map((entry) => entry.keyFile));
  const keys: SigningKey[] = [];
  for (const [index, entry] of entries.entries()) {
    const keyName = `backendJwt.keys[${index}].keyFile ${resolveSettingsPath(settings, entry.keyFile)}`;
    const keyPem = await readText(settings, entry.keyFile, keyName);
    let certificatePem: string | undefined;
    let certificateName: string | undefined;
    if (entry.certificateFile !== undefined) {
      certificateName = `backendJwt.keys[${index}].certificateFile ${resolveSettingsPath(settings, entry.certificateFile)}`;
      certificatePem = await readText(settings, entry.certificateFile, certificateName);
    }
    keys.push(SigningKey.fromPem(signingAlgorithm, keyPem, keyName, certificatePem, certificateName));
  }
  return { keys, signing: keys[signingIndex] };
}

function signingIndexOf(flags: readonly boolean[], files: readonly string[]): number {
  if (flags.length === 1) return 0;
  const marked = flags.flatMap((flag, index) => (flag ? [index] : []));
  if (marked.length === 1) return marked[0];
  if (marked.length === 0) {
    throw new KeyFileProblem(`backendJwt.keys: none of the ${flags.length} keys has useForSigning: true; mark exactly one`);
  }
  const named = marked.map((index) => `keys[${index}] (${files[index]})`).join(', ');
  throw new KeyFileProblem(`backendJwt.keys: ${marked.length} keys have useForSigning: true: ${named}; mark exactly one`);
}

async function readText(settings: GatewaySettings, file: string, name: string): Promise<string> {
  try {
    return await readFile(resolveSettingsPath(settings, file), 'utf8');
  } catch (error) {
    throw new KeyFileProblem(`${name} cannot be read (${(error as Error).message})`);
  }
}
