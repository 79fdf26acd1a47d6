import type { UpstreamFailureKind } from '#core';
import { DESTINATION_DENIED_CODE } from './destination-denied-error.js';

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Classifies an undici/Node error into the typed outcome the gateway maps to a response. */
export function upstreamErrorKind(error: unknown): UpstreamFailureKind {
  const code = (error as { code?: unknown } | null)?.code;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR' || code === 'PORTICO_CLIENT_GONE') return 'aborted';
  // The data plane's own cancellation reasons (client gone, route timeout), passed to undici's abort.
  if (code === 'PORTICO_TIMEOUT') return 'timeout';
  if (typeof code !== 'string') return 'protocol';
  if (code === DESTINATION_DENIED_CODE) return 'denied';
  if (CONNECT_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return 'connect';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'timeout';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') return 'termination';
  if (code === 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH' || code === 'ERR_STREAM_PREMATURE_CLOSE') return 'aborted';
  return 'protocol';
}
