import type { RequestErrorSpec } from '#core';

/**
 * The `function` connector's answers for handlers that fail. Codes 103530–103539 are reserved
 * for this connector in Portico's range (103xxx); the descriptions are replaced by the specifics.
 */
export const FUNCTION_ERRORS = {
  /** The handler threw or rejected; the description is its error's message. */
  failed: { status: 502, code: '103530', message: 'Function failed', description: 'The function handling the request failed.', shape: 'proxy' },
  /** The handler returned something that is not a response the gateway can send. */
  invalidResponse: {
    status: 502,
    code: '103531',
    message: 'Invalid function response',
    description: 'The function returned a response the gateway cannot send.',
    shape: 'proxy',
  },
} as const satisfies Record<string, RequestErrorSpec>;

/** Stable deploy problem codes of the connector (namespaced by its type; all refuse a deploy with 422). */
export const FUNCTION_PROBLEMS = {
  /** The module option names no file in the function directory (or the directory is missing). */
  moduleNotFound: 'function.module-not-found',
  /** The module option is absolute, climbs out with `..`, leads out by a symbolic link, or is not .mjs/.js. */
  modulePathInvalid: 'function.module-path-invalid',
  /** Importing the module threw (syntax error, failing top-level code, missing import). */
  moduleInvalid: 'function.module-invalid',
  /** The named export is not a function. */
  exportMissing: 'function.export-missing',
} as const;
