import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The Choreo Connect test data shipped next to the repository (read-only). */
export const CC_FIXTURES = resolve(process.cwd(), '../shared/fixtures/cc');

export function ccFixture(path: string): string {
  return readFileSync(resolve(CC_FIXTURES, path), 'utf8');
}

/** Points every URL of the given host names at a local backend (fixtures use mockBackend:2383 etc.). */
export function retarget(text: string, backendUrl: string, hosts: readonly string[] = ['mockBackend']): string {
  let out = text;
  for (const host of hosts) out = out.replace(new RegExp(`(https?)://${host}(:\\d+)?`, 'g'), backendUrl);
  return out;
}
