import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pause } from './bounded-wait.js';
import { ECHO_HEADER, type EchoBody, RUN_HEADER, type ScenarioWitness, STREAM_CHUNKS } from './contract-scenario.js';
import { SettledFlag } from './settled-flag.js';

/** How long the `stream` scenario waits for the kit's signal before writing the rest anyway (so it never hangs). */
export const STREAM_FALLBACK_MS = 2000;

/** Pause between the chunks written after the signal: the body takes ~200 ms in all. */
const CHUNK_PAUSE_MS = 60;

/** What the backend knows of one run. */
class RunRecord {
  readonly arrived = new SettledFlag();
  readonly closed = new SettledFlag();
  readonly released = new SettledFlag<'signal' | 'fallback'>();
}

/**
 * The kit's HTTP backend on 127.0.0.1 (port 0), acting out the contract scenarios by path: a path
 * ending in `/contract/echo`, `/contract/stream` or `/contract/hang` (any base path before it).
 * It is its own witness: it knows by run id (`x-contract-run` header, or `contract-run` query
 * parameter) when a request arrived and when the connection that carried it closed.
 */
export class ContractHttpBackend implements ScenarioWitness {
  private readonly runs = new Map<string, RunRecord>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.answer(req, res));
  }

  static async start(): Promise<ContractHttpBackend> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return new ContractHttpBackend(server, (server.address() as AddressInfo).port);
  }

  arrived(run: string): Promise<void> {
    return this.record(run).arrived.promise;
  }

  closed(run: string): Promise<void> {
    return this.record(run).closed.promise;
  }

  firstChunkDelivered(run: string): void {
    this.record(run).released.settle('signal');
  }

  streamReleasedBy(run: string): 'signal' | 'fallback' | undefined {
    return this.runs.get(run)?.released.value;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private record(run: string): RunRecord {
    let record = this.runs.get(run);
    if (record === undefined) this.runs.set(run, (record = new RunRecord()));
    return record;
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://contract.invalid');
    const runHeader = req.headers[RUN_HEADER];
    const run = (typeof runHeader === 'string' ? runHeader : undefined) ?? url.searchParams.get('contract-run') ?? undefined;
    if (run !== undefined) {
      const record = this.record(run);
      const socket = req.socket;
      if (socket.destroyed) record.closed.settle();
      else socket.once('close', () => record.closed.settle());
      record.arrived.settle();
    }
    const scenario = /\/contract\/(echo|stream|hang)$/.exec(url.pathname)?.[1];
    if (scenario === 'echo') return void this.echo(req, res, run);
    if (scenario === 'stream') return void this.stream(req, res, run);
    if (scenario === 'hang') return void req.resume();
    req.resume();
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`no contract scenario at ${url.pathname}`);
  }

  private async echo(req: IncomingMessage, res: ServerResponse, run: string | undefined): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const echo: EchoBody = { method: req.method ?? '', path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') };
    // end() with the whole body: Node sends a content-length, which the kit compares with what arrived.
    res.writeHead(200, { 'content-type': 'application/json', [ECHO_HEADER]: run ?? '' }).end(JSON.stringify(echo));
  }

  /** First chunk at once, the rest only after the kit's signal (or the fallback), paced. */
  private async stream(req: IncomingMessage, res: ServerResponse, run: string | undefined): Promise<void> {
    req.resume();
    const released = run === undefined ? new SettledFlag<'signal' | 'fallback'>() : this.record(run).released;
    const fallback = setTimeout(() => released.settle('fallback'), STREAM_FALLBACK_MS);
    res.writeHead(200, { 'content-type': 'text/plain', [ECHO_HEADER]: run ?? '' });
    res.write(STREAM_CHUNKS[0]);
    await released.promise;
    clearTimeout(fallback);
    for (const chunk of STREAM_CHUNKS.slice(1)) {
      await pause(CHUNK_PAUSE_MS);
      if (res.destroyed) return;
      res.write(chunk);
    }
    res.end();
  }
}
