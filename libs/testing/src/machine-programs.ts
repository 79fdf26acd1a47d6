import { existsSync } from 'node:fs';
import { describe, it } from '@jest/globals';
import { RedisServer } from './redis-server.js';

/** A program of the machine some suites need, which `.ci/run` installs with apt and a fresh clone may lack. */
export interface MachineProgram {
  readonly name: string;
  readonly present: boolean;
  /** How to get it, for the skip reason. */
  readonly install: string;
}

export const REDIS_SERVER: MachineProgram = { name: 'redis-server', present: RedisServer.available(), install: 'apt-get install redis-server' };

/** Debian's chromium, or the browser PORTICO_CHROMIUM names. */
export const CHROMIUM_PATH = process.env.PORTICO_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM: MachineProgram = { name: 'chromium', present: existsSync(CHROMIUM_PATH), install: 'apt-get install chromium, or set PORTICO_CHROMIUM' };

/**
 * `describe` for a suite that needs `program`. Without it the suite shows one skipped test titled
 * with the reason (so `npm test` on a fresh clone still passes), as the Choreo Connect fixture
 * suites do; `.ci/run` installs the programs and warns loudly when it could not.
 */
export function describeWithProgram(program: MachineProgram, name: string, suite: () => void): void {
  if (program.present) describe(name, suite);
  else describe(name, () => it.skip(`skipped: ${program.name} is not installed (${program.install})`, () => undefined));
}
