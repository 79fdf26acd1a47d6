/** The caller's place in a trace, from its `traceparent` header (W3C Trace Context, level 1). */
export interface TraceParent {
  /** 32 lower-case hex digits, not all zero. */
  readonly traceId: string;
  /** The caller's span: 16 lower-case hex digits, not all zero. */
  readonly spanId: string;
  /** The caller recorded its part of the trace (flag bit 0): we then record ours. */
  readonly sampled: boolean;
}

/**
 * `version-traceid-parentid-flags`. A later version may append fields after a `-`, so for any
 * version but 00 the value may go on; version 00 is exactly these 55 characters. Upper-case hex
 * is invalid (the spec says so, to keep one spelling of an id).
 */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-|$)/;
const ZERO_TRACE_ID = '00000000000000000000000000000000';
const ZERO_SPAN_ID = '0000000000000000';

/**
 * The caller's trace context, or undefined when it sent none or an invalid one: the request then
 * starts a new trace, as the spec asks. Two `traceparent` headers arrive joined by Node into one
 * longer value, which is invalid too, as the spec wants.
 */
export function parseTraceparent(value: string | string[] | undefined): TraceParent | undefined {
  if (typeof value !== 'string' || value.length < 55) return undefined;
  const match = TRACEPARENT.exec(value);
  if (match === null) return undefined;
  const [, version, traceId, spanId, flags] = match;
  if (version === 'ff' || (version === '00' && value.length !== 55)) return undefined;
  if (traceId === ZERO_TRACE_ID || spanId === ZERO_SPAN_ID) return undefined;
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

/** The version 00 header that tells the next hop its parent: `00-<traceId>-<spanId>-<01|00>`. */
export function formatTraceparent(traceId: string, spanId: string, sampled: boolean): string {
  return `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`;
}
