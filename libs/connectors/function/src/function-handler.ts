import type { Readable } from 'node:stream';

/**
 * What a handler module's author sees. These types are the connector's public API: handler
 * modules are plain JavaScript, so keep changes additive.
 */

/** The caller as the operation's security verified it; absent where the resource's security is disabled. */
export interface FunctionPrincipal {
  readonly subject?: string;
  /** `PRODUCTION` or `SANDBOX`. */
  readonly keyType: string;
  readonly scopes: readonly string[];
  /** The credential's claims after the issuer's claim mapping. */
  readonly claims: Readonly<Record<string, unknown>>;
  /** Configured name of the issuer that vouched for the credential. */
  readonly issuer?: string;
}

export interface FunctionRequest {
  readonly method: string;
  /** The resource path below the API's base path, without the query, e.g. `/orders/42`. */
  readonly path: string;
  /** The query parameters, decoded; a parameter given more than once is a list. */
  readonly query: Readonly<Record<string, string | string[]>>;
  /** Request headers, lower-case names, as the gateway would send them to a backend. */
  readonly headers: Readonly<Record<string, string | string[]>>;
  /** The whole request body (empty when there is none), at most the `maxBodyBytes` option. */
  readonly body: Buffer;
  /** The body as UTF-8 text. */
  text(): string;
  /**
   * The body parsed as JSON; undefined for an empty body. Throws on text that is not JSON: left
   * uncaught, that error answers the client 400 (103400), not 502, as it is the client's fault.
   */
  json(): unknown;
  readonly api: { readonly name: string; readonly version: string };
  /** The matched operation's `operationId`, when the definition gives one. */
  readonly operationId?: string;
  /** The caller's key type (`PRODUCTION`, `SANDBOX`); absent where the resource's security is disabled. */
  readonly keyType?: string;
  readonly principal?: FunctionPrincipal;
}

export interface FunctionContext {
  /** Aborted when the client goes away or the try runs out of time: stop work and let go. */
  readonly signal: AbortSignal;
  /** Writes a line to the gateway's log (info level), under the module's name; control characters are escaped. */
  log(message: string): void;
}

/**
 * The body of a response: `string` (default content type `text/plain; charset=utf-8`), bytes
 * (`application/octet-stream`), a stream or async iterable of chunks (streamed as they come,
 * `application/octet-stream`), or any other value, sent as JSON (`application/json`). A
 * `content-type` header of the response wins over these defaults.
 */
export type FunctionResponseBody = string | Buffer | Uint8Array | Readable | AsyncIterable<Uint8Array | string> | object | null;

export interface FunctionResponse {
  /** An integer from 200 to 599; default 200. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: FunctionResponseBody;
}

/** The export a definition names with the `export` option (`default` unless it says otherwise). */
export type FunctionHandler = (request: FunctionRequest, context: FunctionContext) => FunctionResponse | Promise<FunctionResponse>;
