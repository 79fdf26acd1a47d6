import { Readable } from 'node:stream';
import type { Connector, ResponseHead } from '#core';
import { MockConnectorFactory } from './mock-connector.factory.js';
import {
  clusterSpecOf,
  describeWithCcFixtures,
  forwardThrough,
  loadYaml,
  mockApiOf,
  operationOf,
  capturingTarget,
  upstreamRequest,
} from './test-api.spec-support.js';

/** Choreo Connect's behaviour (spec §10.5) on its own integration-test definition. */
describeWithCcFixtures('mock connector on the CC test API', () => {
  const api = mockApiOf(loadYaml('integration/openAPIs/mock_endpoint_openAPI.yaml'));
  const testMockApi = operationOf(api, '/testMockApi');
  const testOneExample = operationOf(api, '/testOneExample');
  const testMockDefault = operationOf(api, '/testMockDefault');
  let connector: Connector;

  beforeEach(() => {
    connector = new MockConnectorFactory().create(clusterSpecOf(api));
  });

  afterEach(() => connector.dispose());

  const notImplemented = (description: string): string =>
    JSON.stringify({ error_message: 'Not Implemented', code: '900871', error_description: description });

  it('answers the default response with 200, its example and the JSON-quoted header example', async () => {
    const result = await forwardThrough(connector, testMockApi);
    expect(result.outcome).toEqual({ kind: 'response', statusCode: 200 });
    expect(result.statusCode).toBe(200);
    expect(result.headers).toEqual({
      'x-wso2-header': '"Sample header value"',
      'content-type': 'application/json',
      'content-length': String(result.body.length),
    });
    expect(result.body).toBe('{"description":"default content"}');
  });

  it('serves Prefer code=508 from 50X with the requested status, Accept text/* and the named example', async () => {
    const result = await forwardThrough(connector, testMockApi, {
      accept: 'text/*',
      prefer: 'code=508, example=example1',
    });
    expect(result.statusCode).toBe(508);
    expect(result.outcome).toEqual({ kind: 'response', statusCode: 508 });
    expect(result.headers['content-type']).toBe('text/html');
    expect(result.headers['x-wso2-header']).toBe('"Sample header value"');
    expect(result.body).toBe('{"description":"content for example 1"}');
  });

  it('without Accept and without application/json takes the first media type and its first example', async () => {
    const result = await forwardThrough(connector, testMockApi, { prefer: 'code=503' });
    expect(result.statusCode).toBe(503);
    expect(result.headers['content-type']).toBe('text/html');
    expect(result.body).toBe('{"description":"content for example 1"}');
  });

  it('lets the last Accept entry that matches win, ignoring parameters', async () => {
    const xml = await forwardThrough(connector, testMockApi, { prefer: 'code=500', accept: 'text/*, application/xml;q=0.1' });
    expect(xml.headers['content-type']).toBe('application/xml');
    expect(xml.body).toBe('{"description":"choreo connect"}');
    const html = await forwardThrough(connector, testMockApi, {
      prefer: 'code=500',
      accept: 'application/xml, text/*;q=0.1, image/png',
    });
    expect(html.headers['content-type']).toBe('text/html');
  });

  it('without a default response answers with the first one, x read as 0 (the only 500 gives 500)', async () => {
    const result = await forwardThrough(connector, testOneExample);
    expect(result.statusCode).toBe(500);
    expect(result.body).toBe('{"description":"json mediatype example1"}');
  });

  it('serves an example next to a schema and the response headers of that response', async () => {
    const result = await forwardThrough(connector, testMockDefault);
    expect(result.statusCode).toBe(200);
    expect(result.headers['x-wso2-default-header']).toBe('"Default header value"');
    expect(result.body).toBe('{"name":"choreo connect"}');
  });

  it('lower-cases the example preference, so example=EXAMPLE2 selects example2', async () => {
    const result = await forwardThrough(connector, testMockApi, { prefer: 'Example = EXAMPLE2, CODE=502', accept: 'text/html' });
    expect(result.statusCode).toBe(502);
    expect(result.body).toBe('{"description":"content for example 2"}');
  });

  it('ignores Prefer parts without exactly one = and unknown keys', async () => {
    const result = await forwardThrough(connector, testMockApi, { prefer: 'return=minimal, code=503=x, wait' });
    expect(result.statusCode).toBe(200);
    expect(result.body).toBe('{"description":"default content"}');
  });

  it('treats an empty Accept as no Accept and joins repeated headers', async () => {
    expect((await forwardThrough(connector, testMockApi, { accept: '  ' })).statusCode).toBe(200);
    const repeated = await forwardThrough(connector, testMockApi, { prefer: ['code=500', 'example=example2'], accept: ['text/html'] });
    expect(repeated.statusCode).toBe(500);
    expect(repeated.body).toBe('{"description":"content for example 2"}');
  });

  it.each([['50'], ['5000'], ['abc'], [''], ['50x']])('rejects Prefer code=%s with 400 900870', async (code) => {
    const result = await forwardThrough(connector, testMockApi, { prefer: `code=${code}` });
    expect(result.statusCode).toBe(400);
    expect(result.headers).toEqual({ 'content-type': 'application/json', 'content-length': String(result.body.length) });
    expect(result.body).toBe(
      '{"error_message":"Bad Request","code":"900870","error_description":"Invalid format for code preference"}',
    );
    expect(result.outcome).toEqual({ kind: 'response', statusCode: 400 });
  });

  it('answers 501 for a preferred code without a response', async () => {
    const result = await forwardThrough(connector, testMockApi, { prefer: 'code=404' });
    expect(result.statusCode).toBe(501);
    expect(result.headers['content-type']).toBe('application/json');
    expect(result.body).toBe(notImplemented('Preferred code 404 is not supported for this resource.'));
  });

  it('answers 501 for an Accept no media type matches, listing the entries as CC does', async () => {
    const one = await forwardThrough(connector, testMockApi, { accept: 'text/plain' });
    expect(one.statusCode).toBe(501);
    expect(one.body).toBe(notImplemented('Accept type [text/plain] is not supported for this resource'));
    const two = await forwardThrough(connector, testMockApi, { accept: 'text/plain, image/png;q=0.5' });
    expect(two.body).toBe(notImplemented('Accept type [text/plain,  image/png;q=0.5] is not supported for this resource'));
    const caseSensitive = await forwardThrough(connector, testMockApi, { accept: 'Application/JSON' });
    expect(caseSensitive.statusCode).toBe(501);
  });

  it('answers 501 for an unknown example name', async () => {
    const result = await forwardThrough(connector, testMockApi, { prefer: 'example=ex' });
    expect(result.statusCode).toBe(501);
    expect(result.body).toBe(notImplemented('Example preference ex is not supported for this resource'));
  });

  it('answers 501 with an empty description for an undeclared operation', async () => {
    const result = await forwardThrough(connector, undefined, {}, { method: 'OPTIONS' });
    expect(result.statusCode).toBe(501);
    expect(result.body).toBe(notImplemented(''));
  });

  it('checks the code preference before anything else, as CC does', async () => {
    const result = await forwardThrough(connector, undefined, { prefer: 'code=2' });
    expect(result.statusCode).toBe(400);
  });

  it('answers HEAD with the same status and headers and no body', async () => {
    const result = await forwardThrough(connector, testMockApi, {}, { method: 'HEAD' });
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-length']).toBe('33');
    expect(result.headers['x-wso2-header']).toBe('"Sample header value"');
    expect(result.body).toBe('');
  });

  it('drains the request body', async () => {
    const body = Readable.from([Buffer.from('a'.repeat(100_000)), Buffer.from('b')]);
    const ended = new Promise<void>((resolve) => body.on('end', resolve));
    const result = await forwardThrough(connector, testMockApi, {}, { method: 'POST', body });
    expect(result.statusCode).toBe(200);
    await ended;
  });

  it('reports an aborted request without answering', async () => {
    const cancelled = { requested: true, onCancel: (cancel: (reason: Error) => void) => cancel(new Error('client gone')) };
    let accepted = 0;
    const { target } = capturingTarget();
    const counting = { accept: (head: ResponseHead) => (accepted++, target.accept(head)) };
    const outcome = await connector.forward(upstreamRequest(testMockApi, {}, { cancellation: cancelled }), counting);
    expect(outcome).toEqual({ kind: 'failure', failure: 'aborted', headSent: false });
    expect(accepted).toBe(0);
  });

  it('gives every response its own header map', async () => {
    const first = await forwardThrough(connector, testMockApi);
    (first.headers as Record<string, string>)['x-added'] = 'by the target';
    const second = await forwardThrough(connector, testMockApi);
    expect(second.headers['x-added']).toBeUndefined();
  });

  it('serves operations of a redeployed, equal definition (answers are keyed by operation location)', async () => {
    const redeployed = mockApiOf(loadYaml('integration/openAPIs/mock_endpoint_openAPI.yaml'));
    const factory = new MockConnectorFactory();
    expect(factory.fingerprint(clusterSpecOf(redeployed))).toBe(factory.fingerprint(clusterSpecOf(api)));
    const result = await forwardThrough(connector, operationOf(redeployed, '/testMockApi'));
    expect(result.statusCode).toBe(200);
  });

  it('dispose() can be called more than once', async () => {
    await connector.dispose();
    await expect(connector.dispose()).resolves.toBeUndefined();
  });
});
