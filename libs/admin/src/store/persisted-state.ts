import type { PersistedRecord, StoredArtifactRef } from '../deploy/deployment-record.js';

/** Version of the `state.json` layout; a file with another version is not read. */
export const STATE_FORMAT_VERSION = 1;

/**
 * The admin deployments at one revision. Every committed change adds one to the revision, so a
 * replica or worker that applied revision n knows whether it is behind; files written before
 * revisions existed read as revision 0.
 */
export interface StoredState {
  readonly revision: number;
  readonly records: readonly PersistedRecord[];
}

/** Each record's line, made once: state.json is rewritten whole on every deploy, with thousands of records. */
const recordLines = new WeakMap<PersistedRecord, string>();

function lineOf(record: PersistedRecord): string {
  let line = recordLines.get(record);
  if (line === undefined) recordLines.set(record, (line = '    ' + JSON.stringify(record)));
  return line;
}

/** `state.json`: one record per line, so it stays readable and diffable. */
export function serializeState(records: readonly PersistedRecord[], revision = 0): string {
  const lines = records.map(lineOf);
  const list = lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n  ]`;
  return `{\n  "formatVersion": ${STATE_FORMAT_VERSION},\n  "revision": ${revision},\n  "records": ${list}\n}\n`;
}

/** Makes the records' lines now (at boot) rather than on the first deploy. */
export function prepareLines(records: readonly PersistedRecord[]): void {
  for (const record of records) lineOf(record);
}

/** Parses `state.json`; throws an Error saying what is wrong with it. */
export function parseState(text: string): StoredState {
  const data: unknown = JSON.parse(text);
  if (!isObject(data)) throw new Error('expected a JSON object');
  if (data.formatVersion !== STATE_FORMAT_VERSION) {
    throw new Error(`unsupported formatVersion ${JSON.stringify(data.formatVersion)} (expected ${STATE_FORMAT_VERSION})`);
  }
  if (!Array.isArray(data.records)) throw new Error('"records" must be an array');
  const revision = data.revision ?? 0;
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0) throw new Error('"revision" must be a whole number ≥ 0');
  return { revision, records: data.records.map((r: unknown, i: number) => parseRecord(r, `records[${i}]`)) };
}

const SHA256 = /^[0-9a-f]{64}$/;

function parseRecord(value: unknown, at: string): PersistedRecord {
  if (!isObject(value)) throw new Error(`${at}: expected an object`);
  const text = (key: string): string => {
    const v = value[key];
    if (typeof v !== 'string' || v === '') throw new Error(`${at}.${key}: expected a non-empty string`);
    return v;
  };
  const artifact = value.artifact;
  if (!isObject(artifact)) throw new Error(`${at}.artifact: expected an object`);
  const { sha256, kind, format, name } = artifact;
  if (typeof sha256 !== 'string' || !SHA256.test(sha256)) throw new Error(`${at}.artifact.sha256: expected a SHA-256 in hex`);
  if (kind !== 'zip' && kind !== 'document') throw new Error(`${at}.artifact.kind: expected zip or document`);
  if (format !== 'zip' && format !== 'yaml' && format !== 'json') throw new Error(`${at}.artifact.format: expected zip, yaml or json`);
  if (name !== undefined && typeof name !== 'string') throw new Error(`${at}.artifact.name: expected a string`);
  const ref: StoredArtifactRef = name === undefined ? { sha256, kind, format } : { sha256, kind, format, name };
  return {
    name: text('name'),
    version: text('version'),
    environment: text('environment'),
    vhost: text('vhost'),
    deployedAt: text('deployedAt'),
    artifact: ref,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
