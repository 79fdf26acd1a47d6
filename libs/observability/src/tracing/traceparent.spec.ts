import { formatTraceparent, parseTraceparent } from './traceparent.js';
import { TraceIds } from './trace-ids.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('parseTraceparent (W3C Trace Context level 1)', () => {
  it('reads a version 00 header, sampled or not', () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-01`)).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true });
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-00`)).toEqual({ traceId: TRACE, spanId: SPAN, sampled: false });
  });

  it('takes the sampled flag from bit 0 only, whatever the other flags', () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-03`)?.sampled).toBe(true);
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-02`)?.sampled).toBe(false);
  });

  it('reads the first four fields of a later version, extra fields included', () => {
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-01`)).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true });
    expect(parseTraceparent(`cc-${TRACE}-${SPAN}-01-what-the-future-holds`)).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true });
  });

  it.each([
    ['nothing', undefined],
    ['an empty value', ''],
    ['two headers (Node joins them)', [`00-${TRACE}-${SPAN}-01`, `00-${TRACE}-${SPAN}-01`]],
    ['two values joined by Node', `00-${TRACE}-${SPAN}-01, 00-${TRACE}-${SPAN}-01`],
    ['version ff', `ff-${TRACE}-${SPAN}-01`],
    ['version 00 with more after it', `00-${TRACE}-${SPAN}-01-extra`],
    ['a later version followed by no dash', `01-${TRACE}-${SPAN}-01x`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${SPAN}-01`],
    ['an all-zero parent id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['upper-case hex', `00-${TRACE.toUpperCase()}-${SPAN}-01`],
    ['a short trace id', `00-${TRACE.slice(2)}-${SPAN}-01`],
    ['a short parent id', `00-${TRACE}-${SPAN.slice(1)}-01`],
    ['no flags', `00-${TRACE}-${SPAN}`],
    ['other separators', `00_${TRACE}_${SPAN}_01`],
    ['non-hex digits', `00-${TRACE.slice(1)}g-${SPAN}-01`],
    ['leading garbage', ` 00-${TRACE}-${SPAN}-01`],
  ])('ignores %s (a new trace starts)', (_, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });
});

describe('formatTraceparent', () => {
  it('writes version 00 with the sampled flag', () => {
    expect(formatTraceparent(TRACE, SPAN, true)).toBe(`00-${TRACE}-${SPAN}-01`);
    expect(formatTraceparent(TRACE, SPAN, false)).toBe(`00-${TRACE}-${SPAN}-00`);
  });

  it('round-trips with parseTraceparent', () => {
    expect(parseTraceparent(formatTraceparent(TRACE, SPAN, true))).toEqual({ traceId: TRACE, spanId: SPAN, sampled: true });
  });
});

describe('TraceIds', () => {
  it('gives valid, distinct ids across pool refills', () => {
    const ids = new TraceIds();
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const traceId = ids.traceId();
      const spanId = ids.spanId();
      expect(parseTraceparent(formatTraceparent(traceId, spanId, true))).toEqual({ traceId, spanId, sampled: true });
      seen.add(traceId).add(spanId);
    }
    expect(seen.size).toBe(6000);
  });
});
