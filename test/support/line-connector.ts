import { Injectable } from '@nestjs/common';
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import {
  answerWhole,
  type ClusterSpec,
  type Connector,
  ConnectorFactory,
  type ForwardOutcome,
  GatewayConnector,
  type ProbeResult,
  type ResponseTarget,
  type UpstreamRequest,
} from '#core';

/**
 * A backend type of a user's own, over its own protocol (not HTTP): `line://host:port`, one
 * request line (the path) and one answer line. A line starting with `ERR` is a 503. It reports
 * typed outcomes only; the gateway does the rest (balancing, failover, retries, timeouts,
 * circuit breakers, health probes through `probe`).
 */
@GatewayConnector({ type: 'acme.line', description: 'A line protocol over TCP', capabilities: { probe: true, schemes: ['line'] } })
@Injectable()
export class LineConnectorFactory extends ConnectorFactory {
  create(spec: ClusterSpec): Connector {
    const members = spec.endpointSet.urls;
    const open = new Set<Socket>();
    const dial = (endpoint: number): Socket => {
      const socket = connect(members[endpoint].port, members[endpoint].host);
      open.add(socket);
      socket.once('close', () => open.delete(socket));
      return socket;
    };
    return {
      forward: (request, target) => exchange(dial(request.endpoint), request, target),
      probe: async (endpoint: number): Promise<ProbeResult> => {
        const socket = dial(endpoint);
        try {
          await once(socket, 'connect');
          return { healthy: true };
        } catch (error) {
          return { healthy: false, detail: (error as Error).message };
        } finally {
          socket.destroy();
        }
      },
      dispose: () => {
        for (const socket of open) socket.destroy();
        return Promise.resolve();
      },
    };
  }
}

function exchange(socket: Socket, request: UpstreamRequest, target: ResponseTarget): Promise<ForwardOutcome> {
  request.body?.resume();
  return new Promise((settle) => {
    let connected = false;
    let answer = '';
    const finish = (outcome: ForwardOutcome): void => {
      clearTimeout(timer);
      socket.destroy();
      settle(outcome);
    };
    const timer = setTimeout(() => finish({ kind: 'failure', failure: 'timeout', headSent: false }), request.timeoutMs);
    request.cancellation.onCancel((reason) => finish({ kind: 'failure', failure: 'aborted', headSent: false, cause: reason }));
    socket.once('connect', () => {
      connected = true;
      socket.write(`${request.path}\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('utf8');
      const end = answer.indexOf('\n');
      if (end < 0) return;
      const line = answer.slice(0, end);
      const status = line.startsWith('ERR') ? 503 : 200;
      finish(answerWhole(target, status, { 'content-type': 'text/plain' }, Buffer.from(line)));
    });
    socket.once('error', (cause) => finish({ kind: 'failure', failure: connected ? 'reset' : 'connect', headSent: false, cause }));
  });
}

/** A line-protocol backend: answers `<name> <path>`, or `ERR` while failing, or nothing while silent. */
export class LineBackend {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  mode: 'answer' | 'fail' | 'silent' = 'answer';
  port = 0;

  constructor(private readonly name: string) {}

  get url(): string {
    return `line://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => {
        if (this.mode === 'silent') return;
        socket.write(this.mode === 'fail' ? 'ERR busy\n' : `${this.name} ${chunk.toString('utf8').trim()}\n`);
      });
    });
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise((done) => server.close(done));
  }
}
