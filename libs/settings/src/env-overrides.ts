import { parse as parseYaml } from 'yaml';

/**
 * `PORTICO_<PATH>` environment variables override settings. The path's segments are separated
 * by a double underscore and written in upper snake case: `dataPlane.httpPort` is
 * `PORTICO_DATA_PLANE__HTTP_PORT`, `admin.users[0].username` is `PORTICO_ADMIN__USERS__0__USERNAME`.
 * Values are read as YAML scalars or flow collections (`0`, `true`, `[504, 503]`), except where
 * the setting is text, which keeps the value verbatim.
 */
export const ENV_PREFIX = 'PORTICO_';

/** Variables with their own meaning, not settings paths. */
export const RESERVED_ENV = new Set(['PORTICO_CONFIG', 'PORTICO_ADMIN_USERNAME', 'PORTICO_ADMIN_PASSWORD']);

export interface EnvOverride {
  readonly variable: string;
  readonly path: readonly (string | number)[];
  readonly raw: string;
}

export function settingsPathOf(variable: string): (string | number)[] {
  return variable
    .slice(ENV_PREFIX.length)
    .split('__')
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : camelCase(segment)));
}

function camelCase(segment: string): string {
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

export function collectEnvOverrides(env: Readonly<Record<string, string | undefined>>): EnvOverride[] {
  return Object.keys(env)
    .filter((name) => name.startsWith(ENV_PREFIX) && !RESERVED_ENV.has(name) && env[name] !== undefined)
    .sort()
    .map((variable) => ({ variable, path: settingsPathOf(variable), raw: env[variable] as string }));
}

/** Writes the override into `target` (plain data), creating objects and arrays on the way. */
export function applyEnvOverride(target: Record<string, unknown>, override: EnvOverride, defaults: unknown): void {
  let node: Record<string | number, unknown> = target;
  let defaultNode: unknown = defaults;
  const { path } = override;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
    defaultNode = childOf(defaultNode, key);
  }
  const last = path[path.length - 1];
  node[last] = valueFor(override.raw, childOf(defaultNode, last));
}

function childOf(node: unknown, key: string | number): unknown {
  if (Array.isArray(node)) return node[0];
  return node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined;
}

function valueFor(raw: string, defaultValue: unknown): unknown {
  if (typeof defaultValue === 'string') return raw;
  try {
    const parsed: unknown = parseYaml(raw);
    return parsed === null ? raw : parsed;
  } catch {
    return raw;
  }
}
