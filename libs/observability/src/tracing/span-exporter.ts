import { setTimeout as delay } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { ThrottledLog } from '#core';
import type { OtlpJsonEncoder } from './otlp-json.js';
import type { Span, SpanSink } from './span.js';

export interface SpanExporterOptions {
  /** The collector's traces URL (`tracing.otlpEndpoint`). */
  readonly endpoint: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly maxQueuedSpans: number;
  readonly maxBatchSpans: number;
  readonly exportIntervalMs: number;
  readonly exportTimeoutMs: number;
}

/**
 * Sends finished spans to the collector over OTLP/HTTP (JSON): a bounded queue, emptied in
 * batches every interval or as soon as a batch is full, one request at a time. A collector that
 * is down or refuses costs dropped spans and a throttled warning, never memory or a retry storm:
 * a failed batch is not sent again, and spans past the queue bound are dropped and counted.
 */
export class SpanExporter implements SpanSink {
  private queue: Span[] = [];
  private dropped = 0;
  private sending: Promise<void> | undefined = undefined;
  private soon = false;
  private closed = false;
  private readonly timer: NodeJS.Timeout;
  private readonly agent = new Agent({ connections: 2 });
  private readonly warnings: ThrottledLog;
  /** The endpoint as log lines show it: without user info or query, which may hold credentials. */
  private readonly shownEndpoint: string;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly options: SpanExporterOptions,
    private readonly encoder: OtlpJsonEncoder,
    warn: (line: string) => void,
  ) {
    this.warnings = new ThrottledLog(warn);
    const url = new URL(options.endpoint);
    this.shownEndpoint = `${url.protocol}//${url.host}${url.pathname}`;
    this.headers = { ...options.headers, 'content-type': 'application/json' };
    this.timer = setInterval(() => this.send(), options.exportIntervalMs);
    // Waiting spans are no reason to keep the process alive (the shutdown flushes them).
    this.timer.unref();
  }

  add(span: Span): void {
    const queue = this.queue;
    if (queue.length >= this.options.maxQueuedSpans) {
      this.dropped++;
      this.warnings.note(
        'tracing.queue-full',
        `tracing: the span queue is full (tracing.maxQueuedSpans ${this.options.maxQueuedSpans}): ${this.dropped} spans dropped so far; is the collector at ${this.shownEndpoint} keeping up?`,
      );
      return;
    }
    queue.push(span);
    // A full batch goes out now, but off the request's own path.
    if (queue.length >= this.options.maxBatchSpans && !this.soon && this.sending === undefined && !this.closed) {
      this.soon = true;
      setImmediate(() => {
        this.soon = false;
        this.send();
      });
    }
  }

  /** Stops the timer and sends what is queued, all within `exportTimeoutMs`; what is left then is dropped. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    const deadline = Date.now() + this.options.exportTimeoutMs;
    // The batch in flight has its own timeout, which may end after the deadline: it is not waited for past it.
    if (this.sending !== undefined) await Promise.race([this.sending, delay(this.options.exportTimeoutMs, undefined, { ref: false })]);
    while (this.queue.length > 0 && Date.now() < deadline) await this.post(this.nextBatch(), deadline - Date.now());
    if (this.queue.length > 0) this.warnings.note('tracing.shutdown', `tracing: ${this.queue.length} spans not exported at shutdown (tracing.exportTimeoutMs passed)`);
    this.queue = [];
    this.warnings.close();
    await this.agent.destroy();
  }

  private send(): void {
    if (this.sending !== undefined || this.queue.length === 0 || this.closed) return;
    this.sending = this.post(this.nextBatch(), this.options.exportTimeoutMs).finally(() => {
      this.sending = undefined;
      if (this.queue.length >= this.options.maxBatchSpans) this.send();
    });
  }

  private nextBatch(): Span[] {
    const size = this.options.maxBatchSpans;
    if (this.queue.length <= size) {
      const batch = this.queue;
      this.queue = [];
      return batch;
    }
    return this.queue.splice(0, size);
  }

  /** Never rejects: a failure is a warning, and the batch is dropped. */
  private async post(batch: Span[], timeoutMs: number): Promise<void> {
    try {
      const res = await request(this.options.endpoint, {
        method: 'POST',
        dispatcher: this.agent,
        headers: this.headers,
        body: this.encoder.encode(batch),
        signal: AbortSignal.timeout(Math.max(1, timeoutMs)),
      });
      await res.body.dump();
      if (res.statusCode < 200 || res.statusCode > 299) this.failed(batch.length, `the collector answered ${res.statusCode}`);
    } catch (error) {
      this.failed(batch.length, reasonOf(error));
    }
  }

  private failed(spans: number, reason: string): void {
    this.warnings.note('tracing.export', `tracing: exporting ${spans} spans to ${this.shownEndpoint} failed (${reason}); they are dropped`);
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer within tracing.exportTimeoutMs';
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = (error as { code?: unknown } | null)?.code ?? cause?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
