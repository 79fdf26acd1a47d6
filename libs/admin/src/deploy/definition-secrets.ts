import { type Document, isAlias, isMap, isScalar, isSeq, type Node, parseDocument, visit, type YAMLMap } from 'yaml';
import type { DefinitionFile } from './definition-file.js';

/** The fields of a `securityConfig` holding a secret (Basic password, API key, OAuth2 client secret). */
const SECRET_FIELDS = new Set(['password', 'value', 'clientSecret']);
export const MASKED_SECRET = '********';
const MERGE_KEY = '<<';

/**
 * The definition as the admin API shows it: every secret of a `securityConfig` replaced by
 * asterisks, so reading a deployment never reveals backend credentials. Keys are compared as the
 * loader reads them (escapes decoded), and a `securityConfig` written as an alias or merging
 * anchored maps is masked where those maps are written. YAML keeps its layout and comments; a
 * document without secrets is returned byte for byte.
 */
export function withSecretsMasked(file: DefinitionFile): DefinitionFile {
  const text = file.body.toString('utf8');
  const masked = file.contentType === 'application/json' ? maskJson(text) : maskYaml(text);
  if (masked === undefined) return file;
  return { contentType: file.contentType, body: Buffer.from(masked, 'utf8') };
}

function maskYaml(text: string): string | undefined {
  const doc = parseDocument(text, { uniqueKeys: false, merge: true });
  let changed = false;
  visit(doc, {
    Pair(_key, pair) {
      if (isScalar(pair.key) && String(pair.key.value) === 'securityConfig' && maskConfigNode(doc, pair.value as Node | null, new Set())) changed = true;
    },
  });
  return changed ? doc.toString() : undefined;
}

/** Masks the secret fields of a securityConfig map, following aliases and merge keys to the maps they name. */
function maskConfigNode(doc: Document, node: Node | null, seen: Set<Node>): boolean {
  if (node === null || seen.has(node)) return false;
  seen.add(node);
  if (isAlias(node)) return maskConfigNode(doc, (node.resolve(doc) as Node | undefined) ?? null, seen);
  if (isSeq(node)) return node.items.map((item) => maskConfigNode(doc, item as Node, seen)).some(Boolean);
  if (!isMap(node)) return false;
  let changed = false;
  for (const pair of (node as YAMLMap<unknown, unknown>).items) {
    const written = isScalar(pair.key) ? pair.key.value : undefined;
    // With merge keys on, the parser reads `<<` as a symbol.
    const key = typeof written === 'symbol' ? (written.description ?? '') : String(written);
    if (key === MERGE_KEY) {
      if (maskConfigNode(doc, pair.value as Node | null, seen)) changed = true;
    } else if (SECRET_FIELDS.has(key)) {
      pair.value = doc.createNode(MASKED_SECRET);
      changed = true;
    }
  }
  return changed;
}

function maskJson(text: string): string | undefined {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    // Whatever the loader accepted, YAML (a superset of JSON) reads.
    return maskYaml(text);
  }
  return maskParsed(root) ? JSON.stringify(root, null, 2) : undefined;
}

/** Masks in place; true when something was masked. */
function maskParsed(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  let masked = false;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'securityConfig' && child !== null && typeof child === 'object' && !Array.isArray(child)) {
      for (const field of Object.keys(child)) {
        if (!SECRET_FIELDS.has(field)) continue;
        (child as Record<string, unknown>)[field] = MASKED_SECRET;
        masked = true;
      }
    }
    if (maskParsed(child)) masked = true;
  }
  return masked;
}
