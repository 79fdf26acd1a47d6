import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Jest global setup: locates Choreo Connect's test data once per run, PORTICO_CC_FIXTURES or
 * else ../shared/fixtures/cc next to the repository, and hands it to the test workers (which
 * inherit this process's environment) as an absolute PORTICO_CC_FIXTURES. libs/testing's
 * cc-fixtures.ts skips the suites that need it when it is absent; this says why, once.
 */
export default function locateCcFixtures(globalConfig) {
  const given = process.env.PORTICO_CC_FIXTURES;
  const dir = given ? resolve(given) : resolve(globalConfig.rootDir, '../shared/fixtures/cc');
  if (existsSync(dir)) {
    process.env.PORTICO_CC_FIXTURES = dir;
    return;
  }
  delete process.env.PORTICO_CC_FIXTURES;
  // Written to stderr, as jest's own report is, so it appears once among it (console is reserved to tests by lint).
  process.stderr.write(
    `\nChoreo Connect fixtures not found at ${dir}${given ? ' (PORTICO_CC_FIXTURES)' : ''}: the suites and tests that read them are ` +
      'skipped (set PORTICO_CC_FIXTURES or place them at ../shared/fixtures/cc)\n\n',
  );
}
