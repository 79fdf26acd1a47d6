/**
 * Whether a close code may be sent in a close frame (RFC 6455 §7.4, as ws checks it). 1005 (no
 * status), 1006 (abnormal closure) and 1015 (TLS failure) only ever describe a close locally.
 */
export function isSendableCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999);
}

/**
 * The status ws closes a side with when that side broke the protocol (its `WS_ERR_*` error codes,
 * as ws's receiver pairs them); undefined for any other error (a broken socket).
 */
export function protocolErrorCloseCode(error: Error): number | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('WS_ERR_')) return undefined;
  if (code === 'WS_ERR_INVALID_UTF8') return 1007;
  if (code === 'WS_ERR_TOO_MANY_BUFFERED_PARTS') return 1008;
  if (code.startsWith('WS_ERR_UNSUPPORTED_') && code.endsWith('_LENGTH')) return 1009;
  return 1002;
}
