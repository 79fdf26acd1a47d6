import { parse, stringify } from 'yaml';

/** The fields of a `securityConfig` the admin API masks when it shows a definition. */
const SECRET_FIELDS = new Set(['password', 'value', 'clientSecret']);
const MASKED_SECRET = '********';

/**
 * A definition as the YAML text `diff` compares and shows: re-serialized, so JSON against YAML or
 * a layout change is no change, and with the backend secrets masked as the admin API masks the
 * deployed one (a changed secret alone is therefore not seen).
 */
export function comparableDefinition(text: string | undefined): string {
  if (text === undefined) return '';
  let parsed: unknown;
  try {
    parsed = parse(text, { merge: true, uniqueKeys: false });
  } catch {
    return text;
  }
  return stringify(masked(parsed, false), { lineWidth: 0 });
}

/** Masks like the admin API: the secret fields of a `securityConfig` map, or of each map in its list. */
function masked(value: unknown, isSecurityConfig: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => masked(item, isSecurityConfig));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, field]) => {
      if (isSecurityConfig && SECRET_FIELDS.has(key)) return [key, MASKED_SECRET];
      return [key, masked(field, key === 'securityConfig')];
    }),
  );
}
