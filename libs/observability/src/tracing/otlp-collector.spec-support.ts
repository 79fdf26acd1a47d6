import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Attribute values as a test compares them: OTLP's `intValue` (a string in JSON) becomes a number. */
export type Attributes = Record<string, string | number | boolean>;

/** One span as the collector received it, its attributes and its resource's made plain. */
export interface CollectedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: Attributes;
  readonly status: { readonly code?: number; readonly message?: string } | undefined;
  readonly resource: Attributes;
  readonly scope: { readonly name: string; readonly version?: string };
}

export interface TestCollector {
  /** The traces URL (`…/v1/traces`), for `tracing.otlpEndpoint`. */
  readonly url: string;
  readonly spans: CollectedSpan[];
  /** The headers of every export request. */
  readonly exports: IncomingHttpHeaders[];
  /** The spans of one trace, once `count` of them arrived (polling, bounded). */
  trace(traceId: string, count: number): Promise<CollectedSpan[]>;
  /** The spans `where` accepts, once `count` of them arrived (polling, bounded). */
  received(where: (span: CollectedSpan) => boolean, count: number, what: string): Promise<CollectedSpan[]>;
  close(): Promise<void>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpSpan extends Omit<CollectedSpan, 'attributes' | 'resource' | 'scope'> {
  attributes?: { key: string; value: OtlpValue }[];
}
interface OtlpRequest {
  resourceSpans: {
    resource: { attributes: { key: string; value: OtlpValue }[] };
    scopeSpans: { scope: { name: string; version?: string }; spans: OtlpSpan[] }[];
  }[];
}

function plain(attributes: { key: string; value: OtlpValue }[] = []): Attributes {
  const out: Attributes = {};
  for (const { key, value } of attributes) {
    out[key] = value.stringValue ?? value.boolValue ?? value.doubleValue ?? Number(value.intValue);
  }
  return out;
}

/**
 * An OTLP/HTTP receiver for tests: accepts `POST /v1/traces` with a JSON body (what the gateway
 * sends), answers 200 `{}` as the OpenTelemetry Collector does, and keeps every span. Anything
 * else gets a 415 or 404, so a wrong content type or path fails the test's expectations.
 */
export async function startTestCollector(): Promise<TestCollector> {
  const spans: CollectedSpan[] = [];
  const exports: IncomingHttpHeaders[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') return void res.writeHead(404).end();
      if (req.headers['content-type'] !== 'application/json') return void res.writeHead(415).end();
      exports.push(req.headers);
      const body = JSON.parse(Buffer.concat(chunks).toString()) as OtlpRequest;
      for (const { resource, scopeSpans } of body.resourceSpans) {
        for (const { scope, spans: batch } of scopeSpans) {
          for (const span of batch) spans.push({ ...span, attributes: plain(span.attributes), resource: plain(resource.attributes), scope });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const received = async (where: (span: CollectedSpan) => boolean, count: number, what: string): Promise<CollectedSpan[]> => {
    for (let i = 0; i < 250; i++) {
      const found = spans.filter(where);
      if (found.length >= count) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`the collector has ${spans.filter(where).length} ${what}, not ${count}`);
  };
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  return {
    url,
    spans,
    exports,
    received,
    trace: (traceId, count) => received((span) => span.traceId === traceId, count, `spans of trace ${traceId}`),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
