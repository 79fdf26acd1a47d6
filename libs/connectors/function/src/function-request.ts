import type { UpstreamRequest } from '#core';
import type { FunctionPrincipal, FunctionRequest } from './function-handler.js';

/** Thrown by `request.json()` on a body that is not JSON: the client's fault, answered 400 when the handler lets it through. */
export class RequestBodyNotJsonError extends Error {
  override name = 'RequestBodyNotJsonError';
}

export interface ApiName {
  readonly name: string;
  readonly version: string;
}

/**
 * The handler's view of one try. Everything is copied: the gateway reuses its header map for the
 * next try, while a handler may keep what it was given past its timeout.
 */
export function functionRequest(request: UpstreamRequest, body: Buffer, api: ApiName): FunctionRequest {
  const queryAt = request.path.indexOf('?');
  const path = queryAt === -1 ? request.path : request.path.slice(0, queryAt);
  const query = queryAt === -1 ? {} : queryOf(request.path.slice(queryAt + 1));
  const principal = request.principal;
  const caller: FunctionPrincipal | undefined =
    principal === undefined
      ? undefined
      : { subject: principal.subject, keyType: principal.keyType, scopes: [...principal.scopes], claims: copyOf(principal.claims), issuer: principal.issuer };
  return {
    method: request.method,
    path,
    query,
    headers: headersOf(request.headers),
    body,
    text: () => body.toString('utf8'),
    json: () => jsonOf(body),
    api: { name: api.name, version: api.version },
    operationId: request.operation?.operationId,
    keyType: principal?.keyType,
    principal: caller,
  };
}

/** The gateway caches verified principals by token: a handler changing its claims must not change the next request's. */
function copyOf(claims: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  try {
    return structuredClone(claims);
  } catch {
    return Object.freeze({ ...claims });
  }
}

function queryOf(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of new URLSearchParams(search)) {
    const seen = query[name];
    query[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return query;
}

function headersOf(headers: UpstreamRequest['headers']): Record<string, string | string[]> {
  // No prototype: a header or parameter named __proto__ stays a plain entry.
  const copy: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) copy[name] = Array.isArray(value) ? [...value] : value;
  }
  return copy;
}

function jsonOf(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RequestBodyNotJsonError(`The request body is not JSON: ${(error as Error).message}`);
  }
}
