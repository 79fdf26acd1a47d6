import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** A plain HTTP answer to a client's handshake, in place of the upgrade. */
export interface HandshakeResponse {
  readonly statusCode: number;
  readonly statusMessage?: string;
  /** Name/value pairs as they go on the wire (a name may repeat, e.g. set-cookie). */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

/**
 * Writes the response to the client's raw socket, then closes it: after a refused handshake the
 * connection carries nothing else. Nothing is written to a socket that is already gone.
 */
export function writeHandshakeResponse(socket: Duplex, response: HandshakeResponse): void {
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const { statusCode, body } = response;
  const lines = [`HTTP/1.1 ${statusCode} ${response.statusMessage || STATUS_CODES[statusCode] || ''}`];
  for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
  lines.push(`content-length: ${body.length}`, 'connection: close', '', '');
  socket.once('finish', () => socket.destroy());
  socket.end(Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]));
}

/** A short text answer of the gateway's own. */
export function textResponse(statusCode: number, text: string, headers: readonly (readonly [string, string])[] = []): HandshakeResponse {
  return { statusCode, headers: [['content-type', 'text/plain; charset=utf-8'], ...headers], body: Buffer.from(text) };
}
