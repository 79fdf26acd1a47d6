import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from '@jest/globals';

/**
 * Choreo Connect's own test data (read-only) is not part of the repository, so a fresh clone
 * has none. test/support/cc-fixtures.global-setup.mjs locates it once per jest run
 * (PORTICO_CC_FIXTURES, else ../shared/fixtures/cc next to the repository) and hands the
 * folder to the workers in PORTICO_CC_FIXTURES.
 */
const located = process.env.PORTICO_CC_FIXTURES;
const ccFixturesDir = located !== undefined && existsSync(located) ? located : undefined;

/** Whether the Choreo Connect fixtures are there; suites that read them are skipped otherwise. */
export const ccFixturesPresent = ccFixturesDir !== undefined;

export const CC_FIXTURES_SKIP_REASON =
  'skipped: Choreo Connect fixtures not found (set PORTICO_CC_FIXTURES or place them at ../shared/fixtures/cc)';

/** The absolute path of a file or folder of the fixtures; throws when they are absent. */
export function ccFixturePath(relative: string): string {
  if (ccFixturesDir === undefined) {
    // Reading fixtures outside the guards below would fail a clone's run with ENOENT.
    throw new Error(`${relative}: ${CC_FIXTURES_SKIP_REASON}; read fixtures only inside describeWithCcFixtures or itWithCcFixtures`);
  }
  return resolve(ccFixturesDir, relative);
}

/**
 * `describe` for a suite that needs the fixtures. Without them the suite shows one skipped test
 * titled with the reason, and its body is not run at all: bodies read fixtures while they declare
 * their tests (`it.each(readdirSync(...))`).
 */
export function describeWithCcFixtures(name: string, suite: () => void): void {
  if (ccFixturesPresent) describe(name, suite);
  else describe(name, () => it.skip(CC_FIXTURES_SKIP_REASON, () => undefined));
}

/** `it` for one test that needs the fixtures, in a suite whose other tests do not. */
export function itWithCcFixtures(name: string, test: Parameters<typeof it>[1], timeout?: number): void {
  if (ccFixturesPresent) it(name, test, timeout);
  else it.skip(`${name} (${CC_FIXTURES_SKIP_REASON})`, test);
}
