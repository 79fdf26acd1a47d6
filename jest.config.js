/** Jest runs the TypeScript sources as native ES modules (NestJS 12 is ESM-only). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  moduleNameMapper: {
    '^#([a-z-]+(?:/[a-z-]+)?)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  setupFiles: ['reflect-metadata'],
  // Finds Choreo Connect's test data (PORTICO_CC_FIXTURES or ../shared/fixtures/cc), or says why the suites needing it are skipped.
  globalSetup: '<rootDir>/test/support/cc-fixtures.global-setup.mjs',
  testTimeout: 30000,
  // Each ESM test file leaves tens of MB behind in the process that ran it (vm modules are not
  // collected): in one process 200 suites reached the 4 GB heap limit. A worker (still one at a
  // time on 2 cores) is replaced once it holds more than this after a file.
  workerIdleMemoryLimit: '1GB',
};
