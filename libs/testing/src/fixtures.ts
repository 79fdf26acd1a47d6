import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { ccFixturePath } from './cc-fixtures.js';

/** A file of the Choreo Connect fixtures as text (only inside describeWithCcFixtures / itWithCcFixtures). */
export function ccFixture(path: string): string {
  return readFileSync(ccFixturePath(path), 'utf8');
}

/**
 * Points the fixtures' backend URLs at local test backends. `targets` maps `host` or `host:port`
 * (as written in the fixture, e.g. `mockBackend:2390`) to a base URL; a plain string maps every
 * `mockBackend` URL.
 */
export function retarget(text: string, targets: string | Readonly<Record<string, string>>): string {
  const map = typeof targets === 'string' ? { mockBackend: targets } : targets;
  let out = text;
  // Longest keys first, so `mockBackend:2390` wins over `mockBackend`.
  for (const key of Object.keys(map).sort((a, b) => b.length - a.length)) {
    const [host, port] = key.split(':');
    const pattern = port === undefined ? `(https?)://${host}(:\\d+)?` : `(https?)://${host}:${port}`;
    out = out.replace(new RegExp(pattern, 'g'), map[key]);
  }
  return out;
}

/** Adds root-level keys to a YAML or JSON definition (e.g. `x-wso2-disable-security: true` for open tests). */
export function withRootKeys(definition: string, keys: Readonly<Record<string, unknown>>): string {
  return stringify({ ...(parse(definition) as Record<string, unknown>), ...keys });
}

/** A fixture definition retargeted to local backends and opened (security disabled at the root). */
export function openFixture(path: string, targets: string | Readonly<Record<string, string>>): string {
  return withRootKeys(retarget(ccFixture(path), targets), { 'x-wso2-disable-security': true });
}
