import { rootCertificates } from 'node:tls';
import { EXIT_CODES, StartupError } from '#core';
import type { GatewaySettings } from '#settings';
import { type ClientKeyMaterial, readCertificateFile, readClientKeyPair } from './tls-settings-files.js';

/** Everything of `upstream.tls` that lives in files, read and checked once at start. */
export interface BackendTlsMaterial {
  /**
   * CAs trusted for APIs that bring no certificates. Undefined: Node's own default store (its
   * bundled CAs, plus NODE_EXTRA_CA_CERTS), shared by every connection, so nothing to build.
   */
  readonly globalCas?: readonly string[];
  /** `clientCertificateFile` + `clientKeyFile`: presented to every TLS backend without a pair of its own. */
  readonly gatewayPair?: ClientKeyMaterial;
  /** `clientCertificates`, by name. */
  readonly namedPairs: ReadonlyMap<string, ClientKeyMaterial>;
}

const TLS_VERSION_ORDER = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** Reads the files `upstream.tls` names; throws StartupError naming the setting and file of the first problem. */
export function readBackendTlsMaterial(settings: GatewaySettings): BackendTlsMaterial {
  const tls = settings.upstream.tls;
  if (TLS_VERSION_ORDER.indexOf(tls.minVersion) > TLS_VERSION_ORDER.indexOf(tls.maxVersion)) {
    throw new StartupError(`upstream.tls.minVersion: ${tls.minVersion} is newer than upstream.tls.maxVersion ${tls.maxVersion}`, EXIT_CODES.config);
  }
  const trusted = tls.trustedCertFile === undefined ? undefined : readCertificateFile(settings, 'upstream.tls.trustedCertFile', tls.trustedCertFile);
  const globalCas = trusted === undefined && tls.trustSystemCas ? undefined : [...(tls.trustSystemCas ? rootCertificates : []), ...(trusted ?? [])];
  return { globalCas, gatewayPair: gatewayPairOf(settings), namedPairs: namedPairsOf(settings) };
}

function gatewayPairOf(settings: GatewaySettings): ClientKeyMaterial | undefined {
  const { clientCertificateFile, clientKeyFile } = settings.upstream.tls;
  if (clientCertificateFile === undefined && clientKeyFile === undefined) return undefined;
  if (clientCertificateFile === undefined || clientKeyFile === undefined) {
    const [given, missing] = clientCertificateFile === undefined ? ['clientKeyFile', 'clientCertificateFile'] : ['clientCertificateFile', 'clientKeyFile'];
    throw new StartupError(`upstream.tls.${given} is set without upstream.tls.${missing}: give both or neither`, EXIT_CODES.config);
  }
  return readClientKeyPair(
    settings,
    { setting: 'upstream.tls.clientCertificateFile', file: clientCertificateFile },
    { setting: 'upstream.tls.clientKeyFile', file: clientKeyFile },
  );
}

function namedPairsOf(settings: GatewaySettings): ReadonlyMap<string, ClientKeyMaterial> {
  const pairs = new Map<string, ClientKeyMaterial>();
  settings.upstream.tls.clientCertificates.forEach((entry, i) => {
    const at = `upstream.tls.clientCertificates.${i}`;
    if (pairs.has(entry.name)) throw new StartupError(`${at}.name: "${entry.name}" is listed more than once; each name may be used once`, EXIT_CODES.config);
    pairs.set(entry.name, readClientKeyPair(settings, { setting: `${at}.certificateFile`, file: entry.certificateFile }, { setting: `${at}.keyFile`, file: entry.keyFile }));
  });
  return pairs;
}
