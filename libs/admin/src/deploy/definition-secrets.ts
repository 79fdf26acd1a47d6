import { isMap, isScalar, parseDocument, visit } from 'yaml';
import type { DefinitionFile } from './definition-file.js';

/** The fields of a `securityConfig` holding a secret (Basic password, API key, OAuth2 client secret). */
const SECRET_FIELDS = new Set(['password', 'value', 'clientSecret']);
export const MASKED_SECRET = '********';

/**
 * The definition as the admin API shows it: every secret written in a `securityConfig`
 * replaced by asterisks, so reading a deployment never reveals backend credentials. A document
 * without such secrets is returned byte for byte; YAML keeps its layout and comments.
 */
export function withSecretsMasked(file: DefinitionFile): DefinitionFile {
  if (!file.body.includes('securityConfig')) return file;
  const text = file.body.toString('utf8');
  const masked = file.contentType === 'application/json' ? maskJson(text) : maskYaml(text);
  return masked === undefined ? file : { contentType: file.contentType, body: Buffer.from(masked, 'utf8') };
}

function maskYaml(text: string): string | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return undefined;
  let changed = false;
  visit(doc, {
    Pair(_key, pair) {
      if (!isScalar(pair.key) || pair.key.value !== 'securityConfig' || !isMap(pair.value)) return;
      for (const field of pair.value.items) {
        if (isScalar(field.key) && SECRET_FIELDS.has(String(field.key.value)) && isScalar(field.value)) {
          field.value.value = MASKED_SECRET;
          changed = true;
        }
      }
    },
  });
  return changed ? doc.toString() : undefined;
}

function maskJson(text: string): string | undefined {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return undefined;
  }
  let changed = false;
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    const record = value as Record<string, unknown>;
    const config = record.securityConfig;
    if (config !== null && typeof config === 'object' && !Array.isArray(config)) {
      for (const field of Object.keys(config)) {
        if (SECRET_FIELDS.has(field) && typeof (config as Record<string, unknown>)[field] !== 'object') {
          (config as Record<string, unknown>)[field] = MASKED_SECRET;
          changed = true;
        }
      }
    }
    Object.values(record).forEach(walk);
  };
  walk(root);
  return changed ? JSON.stringify(root, null, 2) : undefined;
}
