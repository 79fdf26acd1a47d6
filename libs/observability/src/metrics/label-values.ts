import { HTTP_METHODS } from '#core';

/**
 * The bounded label values of the request series, each mapped to a small index so that a
 * request's series is found in an array, not by building and hashing a label object.
 */

export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/** 101 (a WebSocket) is 1xx; 499 (the client went away) is 4xx. */
export function statusClassIndex(status: number): number {
  const hundreds = (status / 100) | 0;
  return hundreds <= 1 ? 0 : hundreds >= 5 ? 4 : hundreds - 1;
}

/** The methods a route can match, then `other` (a route never matches one, but the label must stay bounded). */
export const METHOD_LABELS: readonly string[] = [...HTTP_METHODS, 'other'];
const METHOD_INDEX = new Map<string, number>(HTTP_METHODS.map((method, i) => [method, i]));
const OTHER_METHOD = HTTP_METHODS.length;

export function methodIndex(method: string): number {
  return METHOD_INDEX.get(method) ?? OTHER_METHOD;
}

/** No key type (unsecured or not authenticated), the two key types, and whatever else a credential claimed. */
export const KEY_TYPE_LABELS: readonly string[] = ['', 'PRODUCTION', 'SANDBOX', 'other'];

export function keyTypeIndex(keyType: string | undefined): number {
  return keyType === undefined ? 0 : keyType === 'PRODUCTION' ? 1 : keyType === 'SANDBOX' ? 2 : 3;
}

/** A member URL as a label: without user information, which would put a password into every scrape. */
export function endpointLabel(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}
