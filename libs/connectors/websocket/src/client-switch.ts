import type { IncomingMessage } from 'node:http';
import type { UpgradeRequest } from '#core';
import { passedHeaders } from './backend-refusal.js';
import { acceptValueFor } from './websocket-accept.js';

/**
 * Answers the client's handshake with 101 once the backend accepted (RFC 6455 §4.2.2): the accept
 * value for the client's key, the sub-protocol the backend chose, and the backend's other headers
 * (cookies, for one). False when the client's socket is gone: nothing was written.
 */
export function switchClient(client: UpgradeRequest['client'], backendResponse: IncomingMessage): boolean {
  const { request, socket } = client;
  if (socket.destroyed || !socket.readable || !socket.writable) return false;
  // Checked by clientHandshakeProblem before the backend was dialled.
  const key = request.headers['sec-websocket-key'] as string;
  const lines = ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${acceptValueFor(key)}`];
  const protocol = backendResponse.headers['sec-websocket-protocol'];
  if (protocol !== undefined) lines.push(`Sec-WebSocket-Protocol: ${protocol}`);
  for (const [name, value] of passedHeaders(backendResponse)) {
    if (!name.toLowerCase().startsWith('sec-websocket-')) lines.push(`${name}: ${value}`);
  }
  lines.push('', '');
  socket.write(lines.join('\r\n'));
  return true;
}
