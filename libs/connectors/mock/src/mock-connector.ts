import type { Connector, ForwardOutcome, HeaderMap, ResponseTarget, UpstreamRequest } from '#core';
import { selectAnswer } from './answer-selection.js';
import type { MockOperation } from './mock-operation.js';
import type { MockOptions } from './mock-options.js';

const ABORTED: ForwardOutcome = { kind: 'failure', failure: 'aborted', headSent: false };

/**
 * Answers every request from the examples of the API definition (spec §10.5) without any
 * network I/O. All answers were prepared at deploy time; a request only selects one.
 */
export class MockConnector implements Connector {
  constructor(
    /** Prepared answers by `Operation.location`. */
    private readonly operations: ReadonlyMap<string, MockOperation>,
    private readonly options: MockOptions,
  ) {}

  forward(request: UpstreamRequest, target: ResponseTarget): Promise<ForwardOutcome> {
    // Nothing reads the request body; let it flow so the client's upload completes.
    request.body?.resume();
    if (request.cancellation.requested) return Promise.resolve(ABORTED);
    const operation = request.operation && this.operations.get(request.operation.location);
    const answer = selectAnswer(operation, request.headers, this.options);
    const body = answer.kind === 'example' ? answer.example.body : answer.body;
    // A fresh header map per response: the target may adjust it, the prepared one is shared.
    const headers: HeaderMap =
      answer.kind === 'example'
        ? { ...answer.example.headers }
        : { 'content-type': 'application/json', 'content-length': String(body.length) };
    // A declined head (a status the route retries) needs no body.
    const stream = target.accept({ statusCode: answer.statusCode, headers });
    if (request.method === 'HEAD') stream?.end();
    else stream?.end(body);
    return Promise.resolve({ kind: 'response', statusCode: answer.statusCode });
  }

  dispose(): Promise<void> {
    return Promise.resolve();
  }
}
