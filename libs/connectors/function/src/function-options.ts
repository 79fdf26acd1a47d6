import type { ObjectOptionSchema } from '#core';

/** 1 MiB: a request body is read whole into memory before the handler runs. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

/**
 * The `function` connector's options as it declares them to the gateway (checked at deploy,
 * listed by the admin API). No timeout of its own: the endpoint set's timeout applies to a
 * handler as it does to a backend.
 */
export const FUNCTION_OPTIONS_SCHEMA = {
  type: 'object',
  properties: {
    module: {
      type: 'string',
      minLength: 1,
      description: 'The handler module (.mjs or .js): a path inside the function directory, e.g. orders.mjs or orders/v2.mjs',
    },
    export: { type: 'string', minLength: 1, default: 'default', description: 'The exported function that handles requests' },
    maxBodyBytes: {
      type: 'integer',
      minimum: 0,
      default: DEFAULT_MAX_BODY_BYTES,
      description: 'The largest request body the handler is given, read whole; a larger one is answered 413',
    },
  },
  required: ['module'],
} as const satisfies ObjectOptionSchema;

/** A cluster's options as the gateway hands them over: checked, defaults filled in. */
export interface FunctionOptions {
  readonly module: string;
  readonly export: string;
  readonly maxBodyBytes: number;
}

export function functionOptionsOf(options: Readonly<Record<string, unknown>>): FunctionOptions {
  return {
    module: String(options.module),
    export: typeof options.export === 'string' ? options.export : 'default',
    maxBodyBytes: typeof options.maxBodyBytes === 'number' ? options.maxBodyBytes : DEFAULT_MAX_BODY_BYTES,
  };
}
