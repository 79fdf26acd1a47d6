import { checkConnectorOptions } from '#core';
import { FUNCTION_OPTIONS_SCHEMA, functionOptionsOf } from './function-options.js';

/** The gateway checks options against the declared schema; these are the answers a definition author gets. */
describe('the function connector options', () => {
  const check = (options: Record<string, unknown>) => checkConnectorOptions(FUNCTION_OPTIONS_SCHEMA, options);

  it('fills in the defaults', () => {
    expect(check({ module: 'orders.mjs' })).toEqual({ options: { module: 'orders.mjs', export: 'default', maxBodyBytes: 1048576 }, problems: [] });
    expect(functionOptionsOf(check({ module: 'orders.mjs', export: 'handle', maxBodyBytes: 10 }).options)).toEqual({ module: 'orders.mjs', export: 'handle', maxBodyBytes: 10 });
  });

  it('requires a module and refuses unknown options and wrong values, each with its path', () => {
    expect(check({ timeoutMs: 5, maxBodyBytes: 1.5, export: '' }).problems).toEqual([
      { pointer: '/timeoutMs', message: 'timeoutMs is not an option of this connector; its options: module, export, maxBodyBytes' },
      { pointer: '/maxBodyBytes', message: 'maxBodyBytes must be an integer, not 1.5' },
      { pointer: '/export', message: 'export must be at least 1 characters long' },
      { pointer: '', message: 'options must have module' },
    ]);
    expect(check({ module: 'a.mjs', maxBodyBytes: -1 }).problems).toEqual([{ pointer: '/maxBodyBytes', message: 'maxBodyBytes must be at least 0, not -1' }]);
  });
});
