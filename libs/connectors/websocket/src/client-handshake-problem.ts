import type { IncomingMessage } from 'node:http';
import { type HandshakeResponse, textResponse } from './handshake-response.js';

const KEY = /^[+/0-9A-Za-z]{22}==$/;
/** An RFC 9110 token: what a sub-protocol name must be. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * What is wrong with a client's handshake, as ws's server would answer it, checked before the
 * backend is dialled: ws refuses such a handshake only after the backend has accepted its own.
 */
export function clientHandshakeProblem(request: IncomingMessage, protocols: readonly string[]): HandshakeResponse | undefined {
  if (request.method !== 'GET') return textResponse(405, 'Invalid HTTP method');
  if (request.headers.upgrade?.toLowerCase() !== 'websocket') return textResponse(400, 'Invalid Upgrade header');
  const key = request.headers['sec-websocket-key'];
  if (key === undefined || !KEY.test(key)) return textResponse(400, 'Missing or invalid Sec-WebSocket-Key header');
  const version = request.headers['sec-websocket-version'];
  if (version !== '13' && version !== '8') {
    return textResponse(400, 'Missing or invalid Sec-WebSocket-Version header', [['sec-websocket-version', '13, 8']]);
  }
  if (!protocols.every((p) => TOKEN.test(p)) || new Set(protocols).size !== protocols.length) {
    return textResponse(400, 'Invalid Sec-WebSocket-Protocol header');
  }
  return undefined;
}
