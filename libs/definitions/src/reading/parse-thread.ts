import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Problem } from '#core';
import { decodeParsedData } from './parsed-text-encoding.js';
import { type ParseOutcome, parseInline, type TextParser } from './text-parser.js';
import type { ParseOptions } from './yaml-document.js';

export interface ParseRequest {
  readonly id: number;
  readonly text: string;
  readonly file: string;
  readonly options: ParseOptions;
}

export interface ParseResponse {
  readonly id: number;
  readonly encoded: string | undefined;
  readonly unencodable: boolean;
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
}

interface Pending extends ParseRequest {
  resolve(outcome: ParseOutcome): void;
}

const WORKER = new URL('./parse-thread.worker.js', import.meta.url);

/**
 * Parses definition texts on a worker thread. YAML parsing is the slowest step of a deploy
 * (milliseconds for a small definition, seconds for a large one); on the event loop it would hold
 * up every request the data plane is serving. The data comes back as JSON text that keeps the
 * written key order, and is decoded here in a fraction of the parse time. A worker that fails
 * is replaced; the texts it had are parsed on this thread.
 */
export class ParseThread implements TextParser {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private next = 0;

  /**
   * Starts the thread now (loading its modules takes a few hundred ms: not on the first deploy).
   * Undefined where the compiled worker is not there (the sources run under a test runner).
   */
  static start(): ParseThread | undefined {
    if (!existsSync(fileURLToPath(WORKER))) return undefined;
    const thread = new ParseThread();
    thread.thread();
    return thread;
  }

  parse(text: string, file: string, options: ParseOptions): Promise<ParseOutcome> {
    return new Promise((resolve) => {
      const request = { id: this.next++, text, file, options };
      this.pending.set(request.id, { ...request, resolve });
      this.thread().postMessage(request);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private thread(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(WORKER);
    // Idle, it must not keep the process alive; busy, the pending promises do.
    worker.unref();
    worker.on('message', (response: ParseResponse) => this.answered(response));
    worker.on('error', () => this.failed(worker));
    worker.on('exit', () => this.failed(worker));
    this.worker = worker;
    return worker;
  }

  private answered({ id, encoded, unencodable, errors, warnings }: ParseResponse): void {
    const request = this.pending.get(id);
    if (request === undefined) return;
    this.pending.delete(id);
    if (unencodable) request.resolve(parseInline(request.text, request.file, request.options));
    else request.resolve({ data: encoded === undefined ? undefined : decodeParsedData(encoded), errors, warnings });
  }

  private failed(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const orphans = [...this.pending.values()];
    this.pending.clear();
    for (const request of orphans) request.resolve(parseInline(request.text, request.file, request.options));
  }
}
