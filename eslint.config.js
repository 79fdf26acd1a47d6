// Lint runs in `npm test`. Besides typescript-eslint's recommended rules it enforces the
// dependency rules of ARCHITECTURE.md §2 between the libs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (allowed, extra = []) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          regex: `^#(?!(${allowed.join('|')})$)`,
          message: `This lib may import only: ${allowed.map((a) => '#' + a).join(', ') || 'nothing of ours'} (ARCHITECTURE.md §2).`,
        },
        { group: ['**/apps/**'], message: 'Nothing imports apps/.' },
        { group: ['../../*/src/**', '../../../*/src/**'], message: 'Import other libs through their #name.' },
        ...extra,
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'libs/*/dist/**', 'node_modules/**', 'coverage/**', 'bench/results/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', setImmediate: 'readonly', performance: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-console': 'error',
    },
  },
  // Nest resolves constructor parameters from emitted metadata: keep injected classes as value imports.
  {
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    ignores: ['libs/**/*.spec.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  // Only the settings lib reads the environment.
  {
    files: ['libs/**/*.ts', 'apps/gateway/**/*.ts'],
    ignores: ['libs/settings/**', 'libs/testing/**', '**/*.spec.ts', '**/*.spec-support.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Only libs/settings reads process.env.' }],
    },
  },
  { files: ['libs/core/**/*.ts'], rules: restrict([]) },
  // @portico/sdk packages core's extension contracts: its entry point re-exports core's files, and only those.
  {
    files: ['libs/sdk/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(#|\\.\\./\\.\\./(?!core/src/))', message: '@portico/sdk re-exports libs/core only.' }] }] },
  },
  { files: ['libs/settings/**/*.ts'], rules: restrict(['core']) },
  { files: ['libs/{definitions,routing,data-plane,admin,security,upstream,observability}/**/*.ts'], rules: restrict(['core', 'settings']) },
  // Connectors and the backend token client dial backends through #upstream (destination guard, TLS).
  { files: ['libs/{connectors,backend-security}/**/*.ts'], rules: restrict(['core', 'settings', 'upstream']) },
  // Connector tests use the test kit: the contract suite, its API builders, the Choreo Connect fixture guards.
  { files: ['libs/connectors/**/*.spec.ts', 'libs/connectors/**/*.spec-support.ts'], rules: restrict(['core', 'settings', 'upstream', 'testing']) },
  { files: ['apps/**/*.ts', 'bench/**/*.mjs', 'scripts/**/*.mjs', 'test/fixtures/**/*.mjs'], rules: { 'no-console': 'off' } },
  { files: ['**/*.spec.ts', 'test/**/*.ts'], rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' } },
);
