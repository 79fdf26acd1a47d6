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

export interface ParseThreadOptions {
  /** Heap of the thread (MB): a text whose parsing needs more is refused, the gateway is untouched. */
  readonly heapMb: number;
}

interface Pending extends ParseRequest {
  resolve(outcome: ParseOutcome): void;
}

const WORKER = new URL('./parse-thread.worker.js', import.meta.url);

/**
 * Parses definition texts on a worker thread. YAML parsing is the slowest step of a deploy
 * (milliseconds for a small definition, seconds for a large one); on the event loop it would hold
 * up every request the data plane is serving. The data comes back as JSON text that keeps the
 * written key order, and is decoded here in a fraction of the parse time.
 *
 * The thread has a heap of its own, bounded: a document that still needs more than that after
 * the limits of definitions.* runs the thread out of memory, not the gateway. The thread
 * handles one text at a time, in order, so the text it died on is the oldest one waiting: that
 * one is refused; the others are sent to a new thread, never parsed here, which would stall the
 * data plane for as long as the parse takes.
 */
export class ParseThread implements TextParser {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private next = 0;

  private constructor(private readonly options: ParseThreadOptions) {}

  /**
   * Starts the thread now (loading its modules takes a few hundred ms: not on the first deploy).
   * Undefined where the compiled worker is not there (the sources run under a test runner).
   */
  static start(options: ParseThreadOptions): ParseThread | undefined {
    if (!existsSync(fileURLToPath(WORKER))) return undefined;
    const thread = new ParseThread(options);
    thread.thread();
    return thread;
  }

  parse(text: string, file: string, options: ParseOptions): Promise<ParseOutcome> {
    return new Promise((resolve) => this.send({ id: this.next++, text, file, options, resolve }));
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private send(request: Pending): void {
    this.pending.set(request.id, request);
    const { id, text, file, options } = request;
    const worker = this.thread();
    // Busy, it keeps the process alive (a boot restores APIs before any listener is open); idle, it must not.
    worker.ref();
    worker.postMessage({ id, text, file, options } satisfies ParseRequest);
  }

  private thread(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(WORKER, { resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb } });
    worker.unref();
    worker.on('message', (response: ParseResponse) => this.answered(response));
    worker.on('error', (error) => this.failed(worker, error));
    worker.on('exit', () => this.failed(worker, undefined));
    this.worker = worker;
    return worker;
  }

  private answered({ id, encoded, unencodable, errors, warnings }: ParseResponse): void {
    const request = this.pending.get(id);
    if (request === undefined) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
    // Cyclic data (a recursive alias) has no JSON form; such a text is parsed again here.
    if (unencodable) request.resolve(parseInline(request.text, request.file, request.options));
    else request.resolve({ data: encoded === undefined ? undefined : decodeParsedData(encoded), errors, warnings });
  }

  private failed(worker: Worker, error: Error | undefined): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const [culprit, ...others] = this.pending.values();
    this.pending.clear();
    if (culprit === undefined) return;
    culprit.resolve({ data: undefined, errors: [this.refusal(culprit.file, error)], warnings: [] });
    for (const request of others) this.send(request);
  }

  private refusal(file: string, error: Error | undefined): Problem {
    if ((error as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      const message = `${file}: parsing it needs more than the ${this.options.heapMb} MB the parse thread has (definitions.parseThreadHeapMb)`;
      return { code: 'document.too-large', message, location: file };
    }
    const cause = error === undefined ? 'the parse thread stopped' : `the parse thread failed: ${error.message}`;
    return { code: 'document.unparsable', message: `${file}: cannot be parsed: ${cause}`, location: file };
  }
}
