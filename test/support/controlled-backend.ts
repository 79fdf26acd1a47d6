import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What a ControlledBackend answers (JSON): who it is and what it received. */
export interface BackendAnswer {
  readonly backend: string;
  readonly method: string;
  readonly url: string;
  readonly body: string;
}

/**
 * A named backend for routing-policy tests: counts the requests it received, answers at once,
 * after `delayMs`, or only when released, and can be killed (listener closed, open connections
 * destroyed, as a crashed process would leave them) and started again on the same port.
 */
export class ControlledBackend {
  /** Requests received (counted when the whole body has arrived). */
  hits = 0;
  readonly received: BackendAnswer[] = [];
  private server: Server | undefined;
  private held: (() => void)[] | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    readonly name: string,
    private boundPort: number,
    /** Time before each answer (ms); 0 answers in the same tick the request ended. */
    public delayMs: number,
  ) {}

  static async start(name: string, options: { delayMs?: number } = {}): Promise<ControlledBackend> {
    const backend = new ControlledBackend(name, 0, options.delayMs ?? 0);
    await backend.listen();
    return backend;
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  /** Keeps every answer back until `release()`, so requests stay in flight as long as a test needs. */
  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const answer of held) answer();
  }

  /** Stops listening and destroys every open connection; requests in flight get no answer. */
  async kill(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.held = this.held && [];
    await closed;
  }

  /** Listens again on the port it had (after `kill()`). */
  restart(): Promise<void> {
    return this.listen();
  }

  close(): Promise<void> {
    this.held = undefined;
    return this.kill();
  }

  private async listen(): Promise<void> {
    const server = createServer((req, res) => this.serve(req, res));
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.listen(this.boundPort, '127.0.0.1');
    await once(server, 'listening');
    this.boundPort = (server.address() as AddressInfo).port;
    this.server = server;
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      this.hits++;
      const answer: BackendAnswer = { backend: this.name, method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString() };
      this.received.push(answer);
      const respond = (): void => {
        if (res.destroyed) return;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      };
      if (this.held !== undefined) this.held.push(respond);
      else if (this.delayMs > 0) this.later(respond);
      else respond();
    });
  }

  private later(respond: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      respond();
    }, this.delayMs);
    this.timers.add(timer);
  }
}

/** Starts backends by name and adds them to `started`, so one afterAll can close them all. */
export async function startBackendsInto(started: ControlledBackend[], ...names: string[]): Promise<ControlledBackend[]> {
  const fresh = await Promise.all(names.map((name) => ControlledBackend.start(name)));
  started.push(...fresh);
  return fresh;
}
