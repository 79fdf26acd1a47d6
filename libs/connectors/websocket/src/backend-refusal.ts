import type { IncomingMessage } from 'node:http';
import type { HandshakeResponse } from './handshake-response.js';

/** The most of a refusal's body the client gets: enough for an error document, bounded for the gateway. */
export const REFUSAL_BODY_LIMIT = 64 * 1024;

/** Response headers that describe the backend connection, not the answer (RFC 9110 §7.6.1). */
const NOT_PASSED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  // Recomputed for the (possibly cut) body.
  'content-length',
]);

/**
 * Reads a backend's non-101 answer to the handshake (status, headers without hop-by-hop ones, the
 * body up to REFUSAL_BODY_LIMIT) and hands it over once the body ended, was cut or broke off.
 */
export function readBackendRefusal(response: IncomingMessage, done: (refusal: HandshakeResponse) => void): void {
  const chunks: Buffer[] = [];
  let length = 0;
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    response.removeListener('data', onData);
    done({ statusCode: response.statusCode ?? 502, statusMessage: response.statusMessage, headers: passedHeaders(response), body: Buffer.concat(chunks, length) });
  };
  const onData = (chunk: Buffer): void => {
    const room = REFUSAL_BODY_LIMIT - length;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    chunks.push(kept);
    length += kept.length;
    if (length >= REFUSAL_BODY_LIMIT) finish();
  };
  response.on('data', onData);
  response.once('end', finish);
  response.once('close', finish);
  // A broken body ends the refusal with what arrived; 'close' follows.
  response.on('error', () => undefined);
}

/** The response's headers as they go on the wire, without those describing the backend connection. */
export function passedHeaders(response: IncomingMessage): [string, string][] {
  const listed = new Set(
    (response.headers.connection ?? '')
      .toLowerCase()
      .split(',')
      .map((t) => t.trim()),
  );
  const headers: [string, string][] = [];
  const raw = response.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (!NOT_PASSED.has(name) && !listed.has(name)) headers.push([raw[i], raw[i + 1]]);
  }
  return headers;
}
