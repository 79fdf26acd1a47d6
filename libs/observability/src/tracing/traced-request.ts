import type { ForwardOutcome, RequestRecord, RequestTrace } from '#core';
import type { BackendAddresses } from './backend-address.js';
import { SPAN_KIND, Span, type SpanSink } from './span.js';
import type { TraceIds } from './trace-ids.js';
import { formatTraceparent, type TraceParent } from './traceparent.js';

/** What every traced request shares: the id pool, the parsed endpoints, the exporter. */
export interface SpanRecording {
  readonly ids: TraceIds;
  readonly addresses: BackendAddresses;
  readonly sink: SpanSink;
}

/**
 * A sampled request: its SERVER span (child of the caller's span, if it sent one) and a CLIENT
 * child span per try, each exported when it ends. A try's span ends when its outcome settles,
 * which may be after the request's own end (a client that left mid-try): both go out on their own.
 */
export class TracedRequest implements RequestTrace {
  readonly server: Span;
  /** The try in progress. */
  private client: Span | undefined = undefined;

  constructor(
    private readonly recording: SpanRecording,
    private readonly method: string,
    startedAt: number,
    parent: TraceParent | undefined,
  ) {
    const traceId = parent === undefined ? recording.ids.traceId() : parent.traceId;
    this.server = new Span(traceId, recording.ids.spanId(), parent?.spanId ?? '', SPAN_KIND.server, method, startedAt);
  }

  tryStarted(url: string, attempt: number): string {
    const { server, method } = this;
    const span = new Span(server.traceId, this.recording.ids.spanId(), server.spanId, SPAN_KIND.client, `HTTP ${method}`, performance.now());
    const address = this.recording.addresses.of(url);
    span.set('http.request.method', method);
    span.set('url.full', address.url);
    if (address.host !== undefined) span.set('server.address', address.host);
    if (address.port !== undefined) span.set('server.port', address.port);
    span.set('portico.attempt', attempt);
    // A try whose outcome never came (it should not happen) still shows, without a status.
    if (this.client !== undefined) this.endTry(this.client);
    this.client = span;
    return formatTraceparent(server.traceId, span.spanId, true);
  }

  tryEnded(outcome: ForwardOutcome): void {
    const span = this.client;
    if (span === undefined) return;
    this.client = undefined;
    if (outcome.kind === 'response') {
      span.set('http.response.status_code', outcome.statusCode);
      // The HTTP client conventions count 4xx as a failed call too (the server span does not).
      if (outcome.statusCode >= 400) span.failed(String(outcome.statusCode));
    } else {
      span.set('error.type', outcome.failure);
      span.failed(outcome.headSent ? `${outcome.failure} after the response head` : outcome.failure);
    }
    this.endTry(span);
  }

  /** The request's response ended (completed or cut): its record is final. */
  end(record: RequestRecord): void {
    const span = this.server;
    span.endedAt = record.startedAt + record.durationMs;
    const { route, cluster, status } = record;
    span.set('http.request.method', record.method);
    span.set('url.path', record.path);
    if (route !== undefined) {
      const template = route.api.basePath + route.resource.path;
      span.name = `${record.method} ${template}`;
      span.set('http.route', template);
      span.set('portico.api.name', route.api.name);
      span.set('portico.api.version', route.api.version);
    }
    span.set('http.response.status_code', status);
    span.set('client.address', record.clientAddress);
    span.set('portico.request_id', record.id);
    if (record.keyType !== undefined) span.set('portico.key_type', record.keyType);
    if (cluster !== undefined) {
      span.set('portico.cluster', cluster.id);
      span.set('portico.endpoint_set', cluster.endpointSet.name);
      span.set('portico.attempts', record.attempts);
    }
    if (record.error !== undefined) span.set('portico.error_code', record.error.code);
    if (status >= 500) {
      span.set('error.type', String(status));
      span.failed(record.error?.code ?? String(status));
    } else if (!record.completed && status !== 101) {
      // 499: the client left before any answer; else the answer was cut after its head.
      span.set('error.type', status === 499 ? 'client_gone' : 'response_cut');
      span.failed(status === 499 ? 'the client went away before the answer' : 'the response was cut');
    }
    this.recording.sink.add(span);
  }

  private endTry(span: Span): void {
    // A try's outcome may settle just after the response's end (the connector reports once the
    // body is through) or long after it (a client gone mid-try): for the trace the call ends with
    // the request at the latest, so a child never outlasts its parent.
    const now = performance.now();
    const requestEnd = this.server.endedAt;
    span.endedAt = requestEnd > 0 && requestEnd < now ? requestEnd : now;
    this.recording.sink.add(span);
  }
}

/**
 * A request not sampled: nothing is recorded, but the backend still learns the trace (the
 * caller's, or a new one) with the gateway's own span id and the flag 00, so the trace stays
 * whole if a later hop records. One string for all the request's tries.
 */
export class UntracedRequest implements RequestTrace {
  constructor(private readonly traceparent: string) {}

  tryStarted(): string {
    return this.traceparent;
  }

  tryEnded(): void {}
}
