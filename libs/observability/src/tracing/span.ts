/** OTLP `Span.SpanKind`: the gateway's side of the client's call, and its own call to a backend. */
export const SPAN_KIND = { server: 2, client: 3 } as const;
export type SpanKind = (typeof SPAN_KIND)[keyof typeof SPAN_KIND];

/** OTLP `Status.StatusCode`: only errors are set; a span without error stays unset, as the semantic conventions ask. */
export const SPAN_STATUS = { unset: 0, ok: 1, error: 2 } as const;
export type SpanStatusCode = (typeof SPAN_STATUS)[keyof typeof SPAN_STATUS];

/** Integers are exported as OTLP `intValue`, other numbers as `doubleValue`. */
export type AttributeValue = string | number | boolean;

/**
 * One span as the exporter sends it. Times are `performance.now()` values, turned into Unix
 * nanoseconds only when exported, so recording a span costs no Date and no BigInt.
 */
export class Span {
  /** `performance.now()` at the end; 0 while the span is open. */
  endedAt = 0;
  statusCode: SpanStatusCode = SPAN_STATUS.unset;
  statusMessage = '';
  /** Keys and values in turn: one array per span rather than an object per attribute. */
  readonly attributes: AttributeValue[] = [];

  constructor(
    readonly traceId: string,
    readonly spanId: string,
    /** Empty for a span that starts its trace. */
    readonly parentSpanId: string,
    readonly kind: SpanKind,
    public name: string,
    readonly startedAt: number,
  ) {}

  set(key: string, value: AttributeValue): void {
    this.attributes.push(key, value);
  }

  failed(message: string): void {
    this.statusCode = SPAN_STATUS.error;
    this.statusMessage = message;
  }
}

/** Where finished spans go: the exporter's queue. */
export interface SpanSink {
  add(span: Span): void;
}
