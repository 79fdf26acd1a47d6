import type { AttributeValue, Span } from './span.js';

/**
 * Spans as an OTLP/HTTP JSON `ExportTraceServiceRequest` (opentelemetry-proto, "JSON Protobuf
 * Encoding"): ids as hex strings, times as decimal strings of Unix nanoseconds, enums as
 * integers, 64-bit integers as strings. Written as text: the shape is fixed and small, and
 * this skips building an object tree per span only to stringify it.
 */
export class OtlpJsonEncoder {
  /** Everything before the first span: the resource and the instrumentation scope, the same in every export. */
  private readonly head: string;

  constructor(resource: Readonly<Record<string, AttributeValue>>, scope: { readonly name: string; readonly version: string }) {
    const attributes = Object.entries(resource).flat();
    this.head =
      `{"resourceSpans":[{"resource":{"attributes":${encodeAttributes(attributes)}},` +
      `"scopeSpans":[{"scope":{"name":${JSON.stringify(scope.name)},"version":${JSON.stringify(scope.version)}},"spans":[`;
  }

  encode(spans: readonly Span[]): string {
    let body = this.head;
    for (let i = 0; i < spans.length; i++) body += (i === 0 ? '' : ',') + encodeSpan(spans[i]);
    return `${body}]}]}]}`;
  }
}

function encodeSpan(span: Span): string {
  let text = `{"traceId":"${span.traceId}","spanId":"${span.spanId}"`;
  if (span.parentSpanId !== '') text += `,"parentSpanId":"${span.parentSpanId}"`;
  text += `,"name":${JSON.stringify(span.name)},"kind":${span.kind}`;
  text += `,"startTimeUnixNano":"${unixNanos(span.startedAt)}","endTimeUnixNano":"${unixNanos(span.endedAt)}"`;
  text += `,"attributes":${encodeAttributes(span.attributes)}`;
  if (span.statusCode !== 0) text += `,"status":{"code":${span.statusCode},"message":${JSON.stringify(span.statusMessage)}}`;
  return `${text}}`;
}

/** `[{key, value: {stringValue | intValue | doubleValue | boolValue}}]` from keys and values in turn. */
function encodeAttributes(list: readonly AttributeValue[]): string {
  let text = '[';
  for (let i = 0; i < list.length; i += 2) {
    if (i > 0) text += ',';
    text += `{"key":${JSON.stringify(list[i])},"value":${encodeValue(list[i + 1])}}`;
  }
  return `${text}]`;
}

function encodeValue(value: AttributeValue): string {
  if (typeof value === 'string') return `{"stringValue":${JSON.stringify(value)}}`;
  if (typeof value === 'boolean') return `{"boolValue":${value}}`;
  return Number.isInteger(value) ? `{"intValue":"${value}"}` : `{"doubleValue":${Number.isFinite(value) ? value : 0}}`;
}

/**
 * A `performance.now()` time as Unix nanoseconds. A double holds the Unix time in ms to about a
 * quarter of a microsecond, but not in ns (past 2^53): the whole milliseconds and the nanoseconds
 * within one are written side by side instead. The time origin is fixed at process start, so
 * the spans of one trace stay in order relative to each other.
 */
export function unixNanos(at: number): string {
  const ms = performance.timeOrigin + at;
  let whole = Math.floor(ms);
  let nanos = Math.round((ms - whole) * 1e6);
  if (nanos === 1e6) {
    whole++;
    nanos = 0;
  }
  return `${whole}${String(nanos).padStart(6, '0')}`;
}
