import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { HeaderMap } from '#core';
import { GatewayResponse } from './gateway-response.js';

/** The WebSocket handshake headers of the client: the connector makes the backend's own (RFC 6455 §4.1). */
const HANDSHAKE_HEADERS = ['sec-websocket-key', 'sec-websocket-version', 'sec-websocket-extensions', 'sec-websocket-protocol', 'sec-websocket-accept'];

/** The client side of an upgrade request: its socket and the bytes read past its head. */
export interface UpgradingClient {
  readonly socket: Duplex;
  readonly head: Buffer;
}

/**
 * A response object on the socket of an upgrade request, so that the whole request pipeline
 * (errors included) answers it as it answers any request. The HTTP server no longer manages that
 * socket, so it is closed once a response was written.
 */
export function handshakeResponse(req: IncomingMessage, socket: Duplex): ServerResponse {
  const res = new GatewayResponse(req);
  res.assignSocket(socket as Socket);
  res.shouldKeepAlive = false;
  res.once('finish', () => socket.end());
  return res;
}

/** True for `Upgrade: websocket` (RFC 6455 §4.2.1: case-insensitive, possibly among other tokens). */
export function asksForWebSocket(req: IncomingMessage): boolean {
  const upgrade = req.headers.upgrade;
  return upgrade !== undefined && upgrade.split(',').some((token) => token.trim().toLowerCase() === 'websocket');
}

/** The sub-protocols the client offered, in order. */
export function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  if (header === undefined) return [];
  return header
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** Upstream headers of a handshake: those of any request, without the client's handshake headers. */
export function withoutHandshakeHeaders(headers: HeaderMap): HeaderMap {
  for (const name of HANDSHAKE_HEADERS) delete headers[name];
  return headers;
}
