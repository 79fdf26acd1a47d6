/** Connection-level headers that never cross a proxy (RFC 9110 §7.6.1), plus legacy ones. */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Request headers the gateway never forwards besides hop-by-hop ones: routing and retry controls
 * a client must not influence (spec §5.6, §18.12), `expect` (answered by the gateway itself) and
 * `host` (rewritten to the backend's).
 */
export const NOT_FORWARDED = new Set([...HOP_BY_HOP, 'host', 'expect', 'x-wso2-cluster-header']);

/** Extra hop-by-hop names a sender listed in its Connection header, or undefined. */
export function connectionListed(connection: string | undefined): Set<string> | undefined {
  if (connection === undefined) return undefined;
  const names = connection
    .toLowerCase()
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '' && t !== 'close' && t !== 'keep-alive');
  return names.length === 0 ? undefined : new Set(names);
}
