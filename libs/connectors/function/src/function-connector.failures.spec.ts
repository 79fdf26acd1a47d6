import { Readable } from 'node:stream';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { Connector } from '#core';
import { handlerDirectory, type HandlerDirectory, manualCancellation, preparedFunction, RecordingTarget, upstreamRequest } from './function-test-kit.spec-support.js';

const FAILURES = `
export const throws = () => { throw new Error('stock service unreachable'); };
export const rejects = async () => { throw new TypeError('cannot read qty'); };
export const throwsText = () => { throw 'plain text'; };
export const badJson = (req) => ({ body: req.json() });
export const returnsNothing = () => undefined;
export const status = (req) => ({ status: JSON.parse(req.text()) });
export const badHeaderName = () => ({ headers: { 'bad name': 'x' } });
export const badHeaderValue = () => ({ headers: { 'x-injected': 'a\\r\\nset-cookie: evil' } });
export const circular = () => { const body = {}; body.self = body; return { body }; };
export const brokenStream = () => ({ body: (async function* () { yield 'partial'; throw new Error('cursor lost'); })() });
export const size = (req) => ({ body: String(req.body.length) });
export const logs = (req, { log }) => { log('order\\nplaced'); return {}; };
export const waits = (req, { signal }) => new Promise((resolve) => {
  globalThis.waitingSignal = signal;
  signal.addEventListener('abort', () => setTimeout(() => resolve({ body: 'too late' }), 5));
});
export const endless = (req, { signal }) => ({ body: (async function* () { while (!signal.aborted) { yield 'tick'; await new Promise((r) => setTimeout(r, 5)); } })() });
`;

describe('the function connector: failures, limits and cancellation', () => {
  let handlers: HandlerDirectory;
  let warnings: string[];

  beforeAll(() => {
    handlers = handlerDirectory();
    // Failures are logged once per module and window: some tests need a module of their own.
    for (const module of ['failures', 'throws', 'rejects', 'throwsText', 'throttled']) handlers.write(`${module}.mjs`, FAILURES);
  });

  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
  });

  afterEach(() => jest.restoreAllMocks());
  afterAll(() => handlers.remove());

  async function connectorFor(exported: string, options: Record<string, unknown> = {}, module = 'failures.mjs'): Promise<Connector> {
    const { problems, connector } = await preparedFunction(handlers.dir, { module, export: exported, ...options });
    expect(problems).toEqual([]);
    return connector!;
  }

  it.each([
    ['throws', 'stock service unreachable'],
    ['rejects', 'cannot read qty'],
    ['throwsText', 'plain text'],
  ])('answers 502 103530 when the handler %s, with its message, and logs it', async (exported, message) => {
    const target = new RecordingTarget();
    expect(await (await connectorFor(exported, {}, `${exported}.mjs`)).forward(upstreamRequest(), target)).toEqual({ kind: 'response', statusCode: 502 });
    expect(target.json()).toEqual({ code: '103530', message: 'Function failed', description: message });
    expect(warnings).toEqual([`function ${exported}.mjs of Orders:1.0.0 function failed: ${message} (answered 502 103530)`]);
  });

  it('answers 400 when the handler lets the error of a body that is not JSON through', async () => {
    const target = new RecordingTarget();
    await (await connectorFor('badJson')).forward(upstreamRequest({ body: Readable.from([Buffer.from('{oops')]) }), target);
    expect(target.head?.statusCode).toBe(400);
    expect(target.json()).toMatchObject({ code: '103400', description: expect.stringMatching(/^The request body is not JSON: /) });
  });

  it.each([
    ['returnsNothing', undefined, 'the function returned undefined, not a response object'],
    ['status', '99', 'status must be an integer from 200 to 599, not 99'],
    ['status', '600', 'not 600'],
    ['status', '200.5', 'not 200.5'],
    ['status', '"200"', 'not "200"'],
    ['badHeaderName', undefined, 'header "bad name"'],
    ['badHeaderValue', undefined, 'header "x-injected"'],
    ['circular', undefined, 'body cannot be sent as JSON'],
  ])('answers 502 103531 when %s returns an invalid response', async (exported, body, why) => {
    const target = new RecordingTarget();
    const request = upstreamRequest({ body: body === undefined ? null : Readable.from([Buffer.from(body)]) });
    expect(await (await connectorFor(exported)).forward(request, target)).toEqual({ kind: 'response', statusCode: 502 });
    expect(target.json()).toEqual({ code: '103531', message: 'Invalid function response', description: expect.stringContaining(why) });
  });

  it('throttles the log lines of a failing module', async () => {
    const connector = await connectorFor('throws', {}, 'throttled.mjs');
    for (let i = 0; i < 5; i++) await connector.forward(upstreamRequest(), new RecordingTarget());
    expect(warnings).toHaveLength(1);
  });

  it('cuts the response when a streamed body fails after its head was sent', async () => {
    const target = new RecordingTarget();
    const outcome = await (await connectorFor('brokenStream')).forward(upstreamRequest(), target);
    expect(outcome).toMatchObject({ kind: 'failure', failure: 'termination', headSent: true, cause: expect.objectContaining({ message: 'cursor lost' }) });
    expect(await target.done).toBe('destroyed');
  });

  it('gives the handler a body up to maxBodyBytes and answers 413 beyond, by Content-Length or as it streams', async () => {
    const connector = await connectorFor('size', { maxBodyBytes: 4 });
    const send = async (chunks: string[], headers: Record<string, string> = {}) => {
      const target = new RecordingTarget();
      const body = Readable.from(chunks.map((c) => Buffer.from(c)));
      await connector.forward(upstreamRequest({ body, headers }), target);
      return { target, body };
    };
    expect((await send(['ab', 'cd'])).target.body).toBe('4');
    const declared = await send(['abcdefgh'], { 'content-length': '8' });
    expect([declared.target.head?.statusCode, declared.target.json()]).toEqual([413, expect.objectContaining({ code: '103413', description: expect.stringContaining('4 bytes') })]);
    const streamed = await send(['abc', 'def', 'ghi']);
    expect(streamed.target.head?.statusCode).toBe(413);
    // The rest of the body is drained, not destroyed: the client still reads the 413 on its connection.
    if (!streamed.body.readableEnded) await new Promise((resolve) => streamed.body.once('end', resolve));
  });

  it('writes the handler\'s log lines with control characters escaped', async () => {
    const lines: string[] = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => void lines.push(String(message)));
    await (await connectorFor('logs')).forward(upstreamRequest(), new RecordingTarget());
    expect(lines).toEqual(['order\\nplaced']);
  });

  it('gives up on a handler that does not answer in time: its signal aborts, the outcome is a timeout, its late answer dropped', async () => {
    const target = new RecordingTarget();
    const outcome = await (await connectorFor('waits')).forward(upstreamRequest({ timeoutMs: 30 }), target);
    expect(outcome).toEqual({ kind: 'failure', failure: 'timeout', headSent: false });
    const signal = (globalThis as { waitingSignal?: AbortSignal }).waitingSignal;
    expect([signal?.aborted, (signal?.reason as Error).name]).toEqual([true, 'TimeoutError']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(target.head).toBeUndefined();
  });

  it('aborts the handler when the client leaves, and does not call it for a client already gone', async () => {
    const cancellation = manualCancellation();
    const pending = (await connectorFor('waits')).forward(upstreamRequest({ cancellation }), new RecordingTarget());
    await new Promise((resolve) => setTimeout(resolve, 10));
    cancellation.cancel();
    expect(await pending).toMatchObject({ kind: 'failure', failure: 'aborted', headSent: false });
    expect((globalThis as { waitingSignal?: AbortSignal }).waitingSignal?.aborted).toBe(true);

    const gone = manualCancellation();
    gone.cancel();
    (globalThis as { waitingSignal?: AbortSignal }).waitingSignal = undefined;
    expect(await (await connectorFor('waits')).forward(upstreamRequest({ cancellation: gone }), new RecordingTarget())).toMatchObject({ failure: 'aborted' });
    expect((globalThis as { waitingSignal?: AbortSignal }).waitingSignal).toBeUndefined();
  });

  it('stops reading a body when the try is cancelled, leaving the stream undestroyed for the gateway\'s answer', async () => {
    const cancellation = manualCancellation();
    const body = new Readable({ read() {} });
    body.push('first part');
    const pending = (await connectorFor('size')).forward(upstreamRequest({ cancellation, body }), new RecordingTarget());
    await new Promise((resolve) => setTimeout(resolve, 10));
    cancellation.cancel();
    expect(await pending).toMatchObject({ kind: 'failure', failure: 'aborted', headSent: false });
    expect(body.destroyed).toBe(false);
  });

  it('stops a stream when the client leaves in the middle of it', async () => {
    const cancellation = manualCancellation();
    const target = new RecordingTarget();
    const pending = (await connectorFor('endless')).forward(upstreamRequest({ cancellation }), target);
    await new Promise((resolve) => setTimeout(resolve, 30));
    cancellation.cancel();
    target.destroy();
    expect(await pending).toMatchObject({ kind: 'failure', failure: 'aborted', headSent: true });
    expect(target.chunks.length).toBeGreaterThan(0);
  });
});
