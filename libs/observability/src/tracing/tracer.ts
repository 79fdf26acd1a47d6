import type { IncomingMessage } from 'node:http';
import { hostname } from 'node:os';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { EXIT_CODES, type RequestObserver, type RequestRecord, StartupError } from '#core';
import { GatewaySettings } from '#settings';
import { BackendAddresses } from './backend-address.js';
import { OtlpJsonEncoder } from './otlp-json.js';
import { serviceVersion } from './service-version.js';
import { SpanExporter } from './span-exporter.js';
import { TraceIds } from './trace-ids.js';
import { TracedRequest, type SpanRecording, UntracedRequest } from './traced-request.js';
import { formatTraceparent, parseTraceparent } from './traceparent.js';

/**
 * Spans of data-plane requests, exported over OTLP/HTTP JSON (`tracing`). Each request gets a
 * SERVER span continuing the caller's W3C `traceparent` and a CLIENT child span per try, whose
 * id goes to the backend in the try's `traceparent`. Off by default; then it is not among the
 * request observers and creates nothing: no ids, no queue, no timer.
 */
@Injectable()
export class Tracer implements RequestObserver, OnApplicationShutdown {
  readonly enabled: boolean;
  private readonly sampleRatio: number;
  private readonly recording: SpanRecording | undefined;
  private readonly exporter: SpanExporter | undefined;

  constructor(settings: GatewaySettings) {
    const tracing = settings.tracing;
    this.enabled = tracing.enabled;
    this.sampleRatio = tracing.sampleRatio;
    if (!this.enabled) return;
    const endpoint = tracing.otlpEndpoint;
    if (endpoint === undefined) {
      throw new StartupError(
        'tracing.enabled needs tracing.otlpEndpoint, the collector URL the spans are sent to (e.g. http://otel-collector:4318/v1/traces); set it or turn tracing off',
        EXIT_CODES.config,
      );
    }
    if (!URL.canParse(endpoint)) throw new StartupError("tracing.otlpEndpoint is not a valid URL; give the collector's traces URL, e.g. http://otel-collector:4318/v1/traces", EXIT_CODES.config);
    const version = serviceVersion();
    const encoder = new OtlpJsonEncoder(
      { 'service.name': tracing.serviceName, 'service.version': version, 'host.name': hostname(), 'process.pid': process.pid },
      { name: 'portico', version },
    );
    const logger = new Logger('Tracing');
    this.exporter = new SpanExporter({ ...tracing, endpoint }, encoder, (line) => logger.warn(line));
    this.recording = { ids: new TraceIds(), addresses: new BackendAddresses(), sink: this.exporter };
  }

  /** Sampling: a caller's flag is followed; without a valid parent, `sampleRatio` decides. */
  started(record: RequestRecord, req: IncomingMessage): void {
    const recording = this.recording as SpanRecording;
    const parent = parseTraceparent(req.headers.traceparent);
    // A trace restarted for want of a valid parent must not carry the caller's vendor state along (W3C Trace Context §3.3).
    if (parent === undefined && req.headers.tracestate !== undefined) delete req.headers.tracestate;
    const sampled = parent === undefined ? Math.random() < this.sampleRatio : parent.sampled;
    if (sampled) {
      record.trace = new TracedRequest(recording, record.method, record.startedAt, parent);
      return;
    }
    const ids = recording.ids;
    record.trace = new UntracedRequest(formatTraceparent(parent === undefined ? ids.traceId() : parent.traceId, ids.spanId(), false));
  }

  finished(record: RequestRecord): void {
    const trace = record.trace;
    if (trace instanceof TracedRequest) trace.end(record);
  }

  /** After the data plane drained: the last spans go out, within `exportTimeoutMs`. */
  async onApplicationShutdown(): Promise<void> {
    await this.exporter?.close();
  }
}
