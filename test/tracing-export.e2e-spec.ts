import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { EXIT_CODES, StartupError } from '#core';
import { openApiDocument, startBackend, startTestGateway, type TestBackend, type TestGateway } from '#testing';
import { startTestCollector, type TestCollector } from '../libs/observability/src/tracing/otlp-collector.spec-support.js';
import { deployApi } from './support/endpoint-set-api.js';
import { eventually } from './support/waiting.js';

/**
 * Issue 21 item 5, the exporting side: off by default (the caller's `traceparent` passes through
 * untouched), a collector that is down costs the clients nothing and leaves a log line, the queue
 * is bounded, a full batch leaves at once, the shutdown flushes, and `enabled` without an
 * endpoint refuses to start.
 */

/** Exports that never come by the clock: only a full batch or the shutdown sends spans. */
const NEVER_BY_CLOCK = 600_000;

const traceparent = (): { value: string; traceId: string } => {
  const traceId = randomBytes(16).toString('hex');
  return { value: `00-${traceId}-${randomBytes(8).toString('hex')}-01`, traceId };
};

describe('tracing export', () => {
  let backend: TestBackend;
  let collector: TestCollector;
  const gateways: TestGateway[] = [];

  const gatewayWith = async (tracing: Record<string, unknown> | undefined): Promise<TestGateway> => {
    const gw = await startTestGateway({ settings: tracing === undefined ? {} : { tracing } });
    gateways.push(gw);
    await deployApi(gw, openApiDocument({ title: 'Echo', basePath: '/echo', production: [`${backend.url}/v1`] }));
    return gw;
  };
  const warnings = () => jest.spyOn(Logger.prototype, 'warn');
  const lines = (spy: ReturnType<typeof warnings>): string[] => spy.mock.calls.map((call) => String(call[0]));

  beforeAll(async () => {
    backend = await startBackend();
    collector = await startTestCollector();
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    for (const gw of gateways) await gw.destroy();
    await backend?.close();
    await collector?.close();
  });

  it("is off by default: the caller's traceparent reaches the backend unchanged, none is made up, nothing is exported", async () => {
    const gw = await gatewayWith(undefined);
    const caller = traceparent();
    expect((await gw.request('/echo/x', { headers: { traceparent: caller.value, tracestate: 'vendor=1' } })).status).toBe(200);
    expect(backend.requests.at(-1)?.headers).toMatchObject({ traceparent: caller.value, tracestate: 'vendor=1' });
    expect((await gw.request('/echo/y')).status).toBe(200);
    expect(backend.requests.at(-1)?.headers.traceparent).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(collector.spans).toEqual([]);
  });

  it('answers as usual while the collector is down, and says so in one warning line', async () => {
    const gone = await startBackend();
    await gone.close();
    const spy = warnings();
    const gw = await gatewayWith({ enabled: true, otlpEndpoint: `http://user:pw@127.0.0.1:${gone.port}/v1/traces?key=secret`, exportIntervalMs: 100 });
    for (let i = 0; i < 5; i++) expect((await gw.request(`/echo/${i}`)).status).toBe(200);
    const failed = await eventually(
      async () => lines(spy).filter((line) => line.startsWith('tracing: exporting')),
      (found) => found.length > 0,
    );
    expect(failed[0]).toMatch(new RegExp(`^tracing: exporting \\d+ spans to http://127\\.0\\.0\\.1:${gone.port}/v1/traces failed \\(.*ECONNREFUSED.*\\); they are dropped$`));
    // The endpoint's credentials stay out of the log.
    expect(failed.join('\n')).not.toMatch(/pw|secret/);
    // More failures within the minute are only counted.
    for (let i = 0; i < 3; i++) expect((await gw.request(`/echo/again-${i}`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines(spy).filter((line) => line.startsWith('tracing: exporting'))).toHaveLength(1);
  });

  it('sends a full batch at once, without waiting for the interval', async () => {
    const gw = await gatewayWith({ enabled: true, otlpEndpoint: collector.url, exportIntervalMs: NEVER_BY_CLOCK, maxBatchSpans: 2 });
    const caller = traceparent();
    expect((await gw.request('/echo/x', { headers: { traceparent: caller.value } })).status).toBe(200);
    expect(await collector.trace(caller.traceId, 2)).toHaveLength(2);
  });

  it('drops the spans past maxQueuedSpans (with a warning) and flushes the rest at shutdown', async () => {
    const spy = warnings();
    const gw = await gatewayWith({ enabled: true, otlpEndpoint: collector.url, exportIntervalMs: NEVER_BY_CLOCK, maxQueuedSpans: 3 });
    const callers = [traceparent(), traceparent()];
    for (const caller of callers) expect((await gw.request('/echo/x', { headers: { traceparent: caller.value } })).status).toBe(200);
    expect(lines(spy).filter((line) => line.startsWith('tracing: the span queue is full'))).toEqual([expect.stringContaining('tracing.maxQueuedSpans 3')]);
    expect(collector.spans.filter((span) => callers.some((caller) => caller.traceId === span.traceId))).toEqual([]);
    await gw.close();
    const kept = (caller: { traceId: string }) => collector.spans.filter((span) => span.traceId === caller.traceId).length;
    expect(callers.map(kept)).toEqual([2, 1]);
  });

  it.each([
    ['without an otlpEndpoint', {}, /^tracing\.enabled needs tracing\.otlpEndpoint/],
    ['with an otlpEndpoint that is no URL', { otlpEndpoint: 'http://[collector' }, /^tracing\.otlpEndpoint is not a valid URL/],
  ])('refuses to start when enabled %s (StartupError, exit code 78)', async (_, more, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-tracing-'));
    try {
      const start = startTestGateway({ dir, settings: { tracing: { enabled: true, ...more } } });
      await expect(start).rejects.toThrow(StartupError);
      await expect(start).rejects.toMatchObject({ exitCode: EXIT_CODES.config, message: expect.stringMatching(message) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
