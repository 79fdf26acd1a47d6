import { Readable } from 'node:stream';
import type { Connector, Operation, Principal, UpstreamRequest } from '#core';
import { handlerDirectory, type HandlerDirectory, preparedFunction, RecordingTarget, upstreamRequest } from './function-test-kit.spec-support.js';

/** Handler modules for these tests: each export answers in one way. */
const RESPONSES = `
import { Readable } from 'node:stream';
export const echo = (req) => ({ body: {
  method: req.method, path: req.path, query: { ...req.query }, headers: { ...req.headers }, text: req.text(), json: req.json(),
  api: req.api, operationId: req.operationId, keyType: req.keyType, principal: req.principal, isBuffer: Buffer.isBuffer(req.body),
} });
export const mutates = (req) => { req.principal.claims.sub = 'mallory'; req.principal.scopes.push('admin'); return {}; };
export const text = () => ({ status: 201, body: 'created' });
export const bytes = () => ({ body: Buffer.from([1, 2, 3]) });
export const view = () => ({ body: new Uint8Array([0, 65, 66, 67, 0]).subarray(1, 4) });
export const list = () => ({ body: [1, 'two'] });
export const typed = () => ({ headers: { 'Content-Type': 'application/problem+json', 'X-Many': ['a', 'b'], 'Content-Length': '999' }, body: { title: 'x' } });
export const empty = () => ({ status: 204, headers: { 'x-empty': 'yes' }, body: 'ignored' });
export const nothing = () => ({ body: null });
export const defaults = async () => ({});
export async function* generated() { yield 'one,'; yield Buffer.from('two,'); yield new Uint8Array([51]); }
export const generator = () => ({ status: 200, headers: { 'content-type': 'text/csv' }, body: generated() });
export const readable = () => ({ body: Readable.from(['a', 'b', 'c']) });
export const retriable = (req, { signal }) => {
  const stream = new Readable({ read() {} });
  globalThis.retriableStream = stream;
  return { status: 503, body: stream };
};
`;

describe('the function connector: what a handler is given and what it answers', () => {
  let handlers: HandlerDirectory;

  beforeAll(() => {
    handlers = handlerDirectory();
    handlers.write('responses.mjs', RESPONSES);
  });

  afterAll(() => handlers.remove());

  async function connectorFor(exported: string): Promise<Connector> {
    const { problems, connector } = await preparedFunction(handlers.dir, { module: 'responses.mjs', export: exported });
    expect(problems).toEqual([]);
    return connector!;
  }

  async function answer(exported: string, request: Partial<UpstreamRequest> = {}, target = new RecordingTarget()) {
    const outcome = await (await connectorFor(exported)).forward(upstreamRequest(request), target);
    await target.done;
    return { outcome, target };
  }

  it('hands the handler the request: path without query, decoded query, headers, body, API, operation and caller', async () => {
    const principal: Principal = { scheme: 'jwt', keyType: 'SANDBOX', subject: 'bob', scopes: ['read'], claims: { sub: 'bob', aud: 'x' }, issuer: 'KM', credential: 'secret-token' };
    const { outcome, target } = await answer('echo', {
      method: 'POST',
      path: '/orders/42?tag=a&tag=b%20c&q=%C3%A9&empty=',
      headers: { host: 'backend', 'content-type': 'application/json', 'x-list': ['1', '2'], 'x-gone': undefined },
      body: Readable.from([Buffer.from('{"qty":'), Buffer.from('2}')]),
      operation: { method: 'POST', operationId: 'createOrder' } as Operation,
      principal,
    });
    expect(outcome).toEqual({ kind: 'response', statusCode: 200 });
    expect(target.headers['content-type']).toBe('application/json');
    expect(target.json()).toEqual({
      method: 'POST',
      path: '/orders/42',
      query: { tag: ['a', 'b c'], q: 'é', empty: '' },
      headers: { host: 'backend', 'content-type': 'application/json', 'x-list': ['1', '2'] },
      text: '{"qty":2}',
      json: { qty: 2 },
      api: { name: 'Orders', version: '1.0.0' },
      operationId: 'createOrder',
      keyType: 'SANDBOX',
      principal: { subject: 'bob', keyType: 'SANDBOX', scopes: ['read'], claims: { sub: 'bob', aud: 'x' }, issuer: 'KM' },
      isBuffer: true,
    });
  });

  it('gives the handler copies of the caller\'s claims and scopes, which the gateway caches per token', async () => {
    const principal: Principal = { scheme: 'jwt', keyType: 'PRODUCTION', subject: 'bob', scopes: ['read'], claims: { sub: 'bob' } };
    await answer('mutates', { principal });
    expect(principal).toMatchObject({ scopes: ['read'], claims: { sub: 'bob' } });
  });

  it('gives an empty body, no query and no caller when there are none', async () => {
    const { target } = await answer('echo', { path: '/x' });
    expect(target.json()).toMatchObject({ path: '/x', query: {}, text: '', isBuffer: true });
    expect(target.json()).not.toHaveProperty('json');
    expect(target.json()).not.toHaveProperty('principal');
  });

  it.each([
    ['text', 201, 'text/plain; charset=utf-8', 'created'],
    ['bytes', 200, 'application/octet-stream', '\u0001\u0002\u0003'],
    ['view', 200, 'application/octet-stream', 'ABC'],
    ['list', 200, 'application/json', '[1,"two"]'],
    ['typed', 200, 'application/problem+json', '{"title":"x"}'],
    ['nothing', 200, undefined, ''],
    ['defaults', 200, undefined, ''],
  ])('sends a whole %s body with its length and content type', async (exported, status, type, body) => {
    const { outcome, target } = await answer(exported);
    expect(outcome).toEqual({ kind: 'response', statusCode: status });
    expect([target.head?.statusCode, target.headers['content-type'], target.headers['content-length'], target.body]).toEqual([status, type, String(Buffer.byteLength(body)), body]);
  });

  it('lower-cases header names and keeps lists', async () => {
    const { target } = await answer('typed');
    expect(target.headers).toMatchObject({ 'x-many': ['a', 'b'], 'content-length': '13' });
    expect(Object.keys(target.headers)).not.toContain('X-Many');
  });

  it('sends no body and no length with a 204', async () => {
    const { target } = await answer('empty');
    expect(target.head).toEqual({ statusCode: 204, headers: { 'x-empty': 'yes' } });
    expect(target.body).toBe('');
  });

  it.each([
    ['generator', 'text/csv', ['one,', 'two,', '3']],
    ['readable', 'application/octet-stream', ['a', 'b', 'c']],
  ])('streams a %s body chunk by chunk', async (exported, type, chunks) => {
    const { outcome, target } = await answer(exported);
    expect(outcome).toEqual({ kind: 'response', statusCode: 200 });
    expect(target.headers['content-length']).toBeUndefined();
    expect(target.headers['content-type']).toBe(type);
    expect(target.chunks).toEqual(chunks);
  });

  it('drops the stream of a head the data plane declines for a retry', async () => {
    const connector = await connectorFor('retriable');
    const outcome = await connector.forward(upstreamRequest(), new RecordingTarget(true));
    expect(outcome).toEqual({ kind: 'response', statusCode: 503 });
    expect((globalThis as { retriableStream?: Readable }).retriableStream?.destroyed).toBe(true);
  });
});
