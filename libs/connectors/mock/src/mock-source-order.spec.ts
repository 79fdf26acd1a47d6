import { parse } from 'yaml';
import { recordSourceKeyOrder } from '#core';
import { MockConnectorFactory } from './mock-connector.factory.js';
import { type Document, clusterSpecOf, connectorFor, forwardThrough, mockApiOf, openApi3, operationOf } from './test-api.spec-support.js';

/**
 * Definition order for integer-like keys (issue 13, item 6). JavaScript lists '201' before '202'
 * whatever the document says; the definition reader records the written order, as
 * `recordSourceKeyOrder` does here, and the mock follows it.
 */
const factory = new MockConnectorFactory();

type Operations = Record<string, Record<string, { responses: Record<string, Record<string, unknown>> }>>;
const responsesOf = (document: Document, path: string): Record<string, Record<string, unknown>> =>
  (document.paths as Operations)[path].get.responses;

/** Responses 202 and 201, in JavaScript order, with `written` recorded as their source order. */
function acceptedAndCreated(written: readonly string[] = ['202', '201']): Document {
  const document = openApi3(`  /jobs:
    get:
      responses:
        '202': { description: queued, content: { application/json: { example: { state: queued } } } }
        '201': { description: done, content: { application/json: { example: { state: done } } } }`);
  recordSourceKeyOrder(responsesOf(document, '/jobs'), written);
  return document;
}

describe('mock answers follow the written order of integer-like keys', () => {
  it('answers the first response as written (202), not the first in JavaScript order (201)', async () => {
    const document = acceptedAndCreated();
    const result = await forwardThrough(connectorFor(document), operationOf(mockApiOf(document), '/jobs'));
    expect([result.statusCode, result.body]).toEqual([202, '{"state":"queued"}']);
  });

  it('does the same for OpenAPI 2.0 response examples', async () => {
    const document = parse(`
swagger: '2.0'
info: { title: T, version: '1' }
paths:
  /jobs:
    get:
      responses:
        '202': { description: queued, examples: { application/json: { state: queued } } }
        '201': { description: done, examples: { application/json: { state: done } } }
`) as Document;
    recordSourceKeyOrder(responsesOf(document, '/jobs'), ['202', '201']);
    const result = await forwardThrough(connectorFor(document), operationOf(mockApiOf(document), '/jobs'));
    expect(result.statusCode).toBe(202);
  });

  it('serves the first named example as written when none is preferred', async () => {
    const document = openApi3(`  /versions:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              examples:
                '2': { value: { version: 2 } }
                '1': { value: { version: 1 } }`);
    const content = responsesOf(document, '/versions')['200'].content as Record<string, { examples: object }>;
    recordSourceKeyOrder(content['application/json'].examples, ['2', '1']);
    const result = await forwardThrough(connectorFor(document), operationOf(mockApiOf(document), '/versions'));
    expect(result.body).toBe('{"version":2}');
  });

  it('keeps JavaScript order where nothing was recorded (data not read from a document)', async () => {
    const document = acceptedAndCreated();
    const responses = responsesOf(document, '/jobs');
    (document.paths as Operations)['/jobs'].get.responses = { ...responses };
    const result = await forwardThrough(connectorFor(document), operationOf(mockApiOf(document), '/jobs'));
    expect(result.statusCode).toBe(201);
  });
});

describe('the mock fingerprint', () => {
  it('changes when only the written order changes, so a redeploy does not keep the old answers', () => {
    const fingerprint = (document: Document): string => factory.fingerprint(clusterSpecOf(mockApiOf(document)));
    const written = acceptedAndCreated();
    expect(fingerprint(written)).toBe(fingerprint(acceptedAndCreated()));
    expect(fingerprint(written)).not.toBe(fingerprint(acceptedAndCreated(['201', '202'])));

    // Plain keys too: the first media type is the answer without Accept.
    const media = (first: string, second: string): Document => openApi3(`  /m:
    get:
      responses:
        '200': { description: ok, content: { ${first}: { example: a }, ${second}: { example: a } } }`);
    expect(fingerprint(media('text/plain', 'text/html'))).not.toBe(fingerprint(media('text/html', 'text/plain')));
  });
});
