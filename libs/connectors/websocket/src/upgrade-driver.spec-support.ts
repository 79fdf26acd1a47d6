import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Cancellation, Connector, HeaderMap, UpgradeOutcome } from '#core';

/** The data plane's part in a test: each `upgrade` of a tiny HTTP server becomes one connector try. */
export interface UpgradeDriver {
  readonly port: number;
  readonly outcomes: UpgradeOutcome[];
  /** How many times `ended` was called. */
  ended(): number;
  /** Requests the cancellation of every try so far (shutdown). */
  cancelAll(): void;
  close(): Promise<void>;
}

/** A cancellation as the data plane keeps one per try, without an AbortSignal. */
class TryCancellation implements Cancellation {
  requested = false;
  private cancel: ((reason: Error) => void) | undefined;

  onCancel(cancel: (reason: Error) => void): void {
    this.cancel = cancel;
    if (this.requested) cancel(new Error('cancelled'));
  }

  request(): void {
    this.requested = true;
    this.cancel?.(new Error('cancelled'));
  }
}

const NOT_FORWARDED = new Set(['connection', 'upgrade', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-extensions', 'sec-websocket-protocol']);

/**
 * Starts the driver on 127.0.0.1. A failure is answered by the driver itself with 502 and the
 * failure kind as body, as the data plane would (proving the client socket was left usable).
 */
export async function startUpgradeDriver(connector: Connector, timeoutMs = 2000): Promise<UpgradeDriver> {
  const outcomes: UpgradeOutcome[] = [];
  const cancellations: TryCancellation[] = [];
  let ended = 0;
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (request, socket, head) => {
    // The http server drops its own error listener on upgrade; the data plane keeps one.
    socket.on('error', () => undefined);
    const headers: HeaderMap = {};
    for (const [name, value] of Object.entries(request.headers)) if (!NOT_FORWARDED.has(name)) headers[name] = value;
    const offered = request.headers['sec-websocket-protocol'];
    const cancellation = new TryCancellation();
    cancellations.push(cancellation);
    void (connector.upgrade as NonNullable<Connector['upgrade']>)({
      endpoint: 0,
      path: request.url ?? '/',
      headers,
      protocols: offered === undefined ? [] : offered.split(',').map((p) => p.trim()),
      client: { request, socket, head },
      cancellation,
      timeoutMs,
      operation: undefined,
      principal: undefined,
      ended: () => void ended++,
    }).then((outcome) => {
      outcomes.push(outcome);
      if (outcome.kind === 'failure') {
        socket.end(`HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\ncontent-length: ${outcome.failure.length}\r\n\r\n${outcome.failure}`);
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    outcomes,
    ended: () => ended,
    cancelAll: () => cancellations.forEach((c) => c.request()),
    close: () => new Promise((done) => server.close(() => done())),
  };
}
