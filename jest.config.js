import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

// Choreo Connect's test data lives next to the repository (shared/fixtures/cc); tests read its
// location from PORTICO_CC_FIXTURES, which workers inherit.
const fixtureCandidates = [process.env.PORTICO_CC_FIXTURES, resolve('../shared/fixtures/cc'), '/work/shared/fixtures/cc'];
process.env.PORTICO_CC_FIXTURES = fixtureCandidates.find((dir) => dir && existsSync(dir)) ?? resolve('../shared/fixtures/cc');

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
  testTimeout: 30000,
};
