import { type ClientRequest, type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import type { HeaderMap, UpstreamFailureKind } from '#core';
import { upstreamErrorKind } from '#upstream';
import { acceptValueFor, newHandshakeKey } from './websocket-accept.js';
import type { WebSocketEndpoint } from './websocket-endpoint.js';

/** What the backend's side of a handshake came to. */
export interface BackendHandshakeEvents {
  /** 101 with a valid accept value: the socket carries frames from now on; `head` is what came after the response head. */
  accepted(socket: Duplex, head: Buffer, response: IncomingMessage): void;
  /** Any other status: the response is the backend's refusal (its body still to be read). */
  refused(response: IncomingMessage, request: ClientRequest): void;
  failed(failure: UpstreamFailureKind, cause: Error): void;
}

/**
 * Opens the backend side of a WebSocket connection (RFC 6455 §4.1) as the gateway's own client,
 * so that once it is open the socket is the gateway's to relay frames on: the request with a
 * fresh key and the client's sub-protocols, no extensions (frames then pass unchanged), the
 * backend's 101 checked (accept value, a sub-protocol that was offered, no extension).
 */
export class BackendHandshake {
  private request: ClientRequest | undefined;
  private timer: NodeJS.Timeout | undefined;
  private settled = false;

  constructor(
    private readonly endpoint: WebSocketEndpoint,
    private readonly events: BackendHandshakeEvents,
  ) {}

  start(path: string, headers: HeaderMap, protocols: readonly string[], timeoutMs: number): void {
    const key = newHandshakeKey();
    const endpoint = this.endpoint;
    const handshakeHeaders: Record<string, string | string[]> = {};
    for (const name in headers) {
      const value = headers[name];
      if (value !== undefined) handshakeHeaders[name] = value;
    }
    handshakeHeaders.connection = 'Upgrade';
    handshakeHeaders.upgrade = 'websocket';
    handshakeHeaders['sec-websocket-version'] = '13';
    handshakeHeaders['sec-websocket-key'] = key;
    if (protocols.length > 0) handshakeHeaders['sec-websocket-protocol'] = protocols.join(', ');
    const send = endpoint.secure ? httpsRequest : httpRequest;
    let request: ClientRequest;
    try {
      request = send({
        host: endpoint.host,
        port: endpoint.port,
        path,
        method: 'GET',
        headers: handshakeHeaders,
        agent: false,
        ...(endpoint.lookup === undefined ? {} : { lookup: endpoint.lookup }),
        ...endpoint.tls,
      });
    } catch (error) {
      // Headers or a path Node refuses to send.
      return this.fail('protocol', error as Error);
    }
    this.request = request;
    request.on('error', (error) => this.fail(isTimeout(error) ? 'timeout' : upstreamErrorKind(error), error));
    request.on('response', (response) => this.settle() && this.events.refused(response, request));
    request.on('upgrade', (response, socket, head) => this.upgraded(response, socket, head, acceptValueFor(key), protocols));
    this.timer = setTimeout(() => request.destroy(HANDSHAKE_TIMEOUT), timeoutMs);
    request.end();
  }

  /** Drops a handshake in progress (the client left, the gateway gives up). */
  abort(reason: Error): void {
    if (this.settled) return;
    this.request?.destroy();
    this.fail('aborted', reason);
  }

  private upgraded(response: IncomingMessage, socket: Duplex, head: Buffer, accept: string, offered: readonly string[]): void {
    const problem = responseProblem(response, accept, offered);
    if (problem !== undefined) {
      socket.destroy();
      return this.fail('protocol', new Error(`invalid WebSocket handshake from the backend: ${problem}`));
    }
    if (!this.settle()) return void socket.destroy();
    this.events.accepted(socket, head, response);
  }

  private fail(failure: UpstreamFailureKind, cause: Error): void {
    if (this.settle()) this.events.failed(failure, cause);
  }

  /** True the first time: one outcome per handshake. */
  private settle(): boolean {
    clearTimeout(this.timer);
    if (this.settled) return false;
    this.settled = true;
    return true;
  }
}

const HANDSHAKE_TIMEOUT = Object.assign(new Error('the backend did not complete the WebSocket handshake in time'), { code: 'PORTICO_HANDSHAKE_TIMEOUT' });

function isTimeout(error: Error): boolean {
  return error === HANDSHAKE_TIMEOUT;
}

function responseProblem(response: IncomingMessage, accept: string, offered: readonly string[]): string | undefined {
  if (response.headers.upgrade?.toLowerCase() !== 'websocket') return 'no Upgrade: websocket';
  if (response.headers['sec-websocket-accept'] !== accept) return 'wrong Sec-WebSocket-Accept';
  const protocol = response.headers['sec-websocket-protocol'];
  if (protocol !== undefined && !offered.includes(protocol)) return `sub-protocol ${JSON.stringify(protocol)} was not offered`;
  if (response.headers['sec-websocket-extensions'] !== undefined) return 'an extension was not offered';
  return undefined;
}
