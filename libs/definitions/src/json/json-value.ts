/** Plain-data helpers for parsed YAML/JSON documents. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A non-empty trimmed string, else undefined. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A scalar as text, untrimmed (credentials keep their spaces); '' when absent. */
export function scalarText(value: unknown): string {
  return value === undefined || value === null || typeof value === 'object' ? '' : String(value);
}

/** A written value as its author would recognise it in a message. */
export function writtenValue(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
