import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { HeaderMap } from '#core';
import { dropStream } from './stream-drop.js';

/** A handler's response, checked and ready to send: a whole body, or a stream of chunks. */
export type CheckedResponse =
  | { readonly status: number; readonly headers: HeaderMap; readonly body: Buffer | undefined }
  | { readonly status: number; readonly headers: HeaderMap; readonly stream: AsyncIterable<unknown> };

export type ResponseCheck = { readonly response: CheckedResponse } | { readonly invalid: string };

const TEXT = 'text/plain; charset=utf-8';
const BYTES = 'application/octet-stream';
const JSON_TYPE = 'application/json';

/** Checks what a handler returned (see FunctionResponse) and turns its body into bytes or a stream. */
export function checkResponse(value: unknown): ResponseCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { invalid: `the function returned ${describe(value)}, not a response object ({ status, headers, body })` };
  }
  const { status = 200, headers: raw, body } = value as { status?: unknown; headers?: unknown; body?: unknown };
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    return { invalid: `status must be an integer from 200 to 599, not ${describe(status)}` };
  }
  const headers = checkHeaders(raw);
  if (typeof headers === 'string') return { invalid: headers };
  const typed = (type: string): HeaderMap => (headers['content-type'] === undefined ? { ...headers, 'content-type': type } : headers);
  // Statuses that never carry a body (RFC 9110 §15.3.5, §15.4.5): whatever the handler gave is dropped.
  if (body === undefined || body === null || status === 204 || status === 304) {
    if (isStream(body)) dropStream(body);
    return { response: { status, headers, body: undefined } };
  }
  if (typeof body === 'string') return { response: { status, headers: typed(TEXT), body: Buffer.from(body, 'utf8') } };
  if (body instanceof Uint8Array) return { response: { status, headers: typed(BYTES), body: Buffer.from(body.buffer, body.byteOffset, body.byteLength) } };
  if (isStream(body)) return { response: { status, headers: typed(BYTES), stream: body as AsyncIterable<unknown> } };
  let json: string | undefined;
  try {
    json = JSON.stringify(body);
  } catch (error) {
    return { invalid: `body cannot be sent as JSON: ${(error as Error).message}` };
  }
  if (json === undefined) return { invalid: `body cannot be sent as JSON: ${describe(body)}` };
  return { response: { status, headers: typed(JSON_TYPE), body: Buffer.from(json, 'utf8') } };
}

function isStream(body: unknown): body is AsyncIterable<unknown> {
  return typeof body === 'object' && body !== null && Symbol.asyncIterator in body;
}

/** Lower-cased names; a message when a name or value could not go on the wire. */
function checkHeaders(raw: unknown): HeaderMap | string {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return `headers must be an object of names and values, not ${describe(raw)}`;
  const headers: HeaderMap = Object.create(null) as HeaderMap;
  for (const [name, value] of Object.entries(raw)) {
    const values = Array.isArray(value) ? (value as unknown[]) : [value];
    if (values.some((v) => typeof v !== 'string' && typeof v !== 'number')) return `header ${JSON.stringify(name)} must be text or a list of texts`;
    const texts = values.map(String);
    try {
      validateHeaderName(name);
      for (const text of texts) validateHeaderValue(name, text);
    } catch (error) {
      return `header ${JSON.stringify(name)}: ${(error as Error).message}`;
    }
    headers[name.toLowerCase()] = Array.isArray(value) ? texts : texts[0];
  }
  return headers;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object' || typeof value === 'function') return `a ${typeof value}`;
  return String(value);
}
