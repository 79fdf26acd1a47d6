import { OtlpJsonEncoder, unixNanos } from './otlp-json.js';
import { SPAN_KIND, Span } from './span.js';

interface Exported {
  resourceSpans: {
    resource: { attributes: unknown[] };
    scopeSpans: { scope: unknown; spans: Record<string, unknown>[] }[];
  }[];
}

describe('OtlpJsonEncoder', () => {
  const encoder = new OtlpJsonEncoder({ 'service.name': 'portico', 'process.pid': 42 }, { name: 'portico', version: '1.2.3' });

  it('writes an ExportTraceServiceRequest with hex ids, string nanoseconds and typed attribute values', () => {
    const server = new Span('4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7', '', SPAN_KIND.server, 'GET /pets/{id}', 10);
    server.set('http.route', '/pets/{id}');
    server.set('http.response.status_code', 503);
    server.set('portico.sampled', true);
    server.set('portico.ratio', 0.5);
    server.failed('102503');
    server.endedAt = 12.5;
    const client = new Span(server.traceId, '1111111111111111', server.spanId, SPAN_KIND.client, 'HTTP "GET"', 10.25);
    client.endedAt = 11;
    const body = JSON.parse(encoder.encode([server, client])) as Exported;
    expect(body.resourceSpans).toHaveLength(1);
    const [resourceSpans] = body.resourceSpans;
    expect(resourceSpans.resource.attributes).toEqual([
      { key: 'service.name', value: { stringValue: 'portico' } },
      { key: 'process.pid', value: { intValue: '42' } },
    ]);
    expect(resourceSpans.scopeSpans[0].scope).toEqual({ name: 'portico', version: '1.2.3' });
    const [first, second] = resourceSpans.scopeSpans[0].spans;
    expect(first).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      name: 'GET /pets/{id}',
      kind: 2,
      startTimeUnixNano: unixNanos(10),
      endTimeUnixNano: unixNanos(12.5),
      attributes: [
        { key: 'http.route', value: { stringValue: '/pets/{id}' } },
        { key: 'http.response.status_code', value: { intValue: '503' } },
        { key: 'portico.sampled', value: { boolValue: true } },
        { key: 'portico.ratio', value: { doubleValue: 0.5 } },
      ],
      status: { code: 2, message: '102503' },
    });
    expect(second).toMatchObject({ parentSpanId: '00f067aa0ba902b7', kind: 3, name: 'HTTP "GET"', attributes: [] });
    expect(second.status).toBeUndefined();
  });

  it('writes an empty batch as a valid request', () => {
    expect((JSON.parse(encoder.encode([])) as Exported).resourceSpans[0].scopeSpans[0].spans).toEqual([]);
  });
});

describe('unixNanos', () => {
  it('is the Unix time in nanoseconds, to the microsecond', () => {
    const at = performance.now();
    const nanos = BigInt(unixNanos(at));
    const expected = BigInt(Math.round((performance.timeOrigin + at) * 1000)) * 1000n;
    expect(nanos - expected < 1000n && expected - nanos < 1000n).toBe(true);
    expect(unixNanos(at + 0.001) > unixNanos(at)).toBe(true);
    expect(unixNanos(0)).toMatch(/^\d{19}$/);
  });
});
