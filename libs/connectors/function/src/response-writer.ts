import { pipeline } from 'node:stream/promises';
import type { ForwardOutcome, HeaderMap, ResponseTarget } from '#core';
import type { CheckedResponse } from './function-response.js';
import { dropStream } from './stream-drop.js';

/** Statuses that never carry a body, nor a Content-Length (RFC 9110 §8.6). */
const NO_BODY = new Set([204, 304]);

/**
 * Sends a checked response: a whole body with its Content-Length (the handler's is replaced),
 * or a stream, chunk by chunk as the handler produces it. A head the data plane declines (a
 * status it retries) settles all the same, the stream dropped. A stream that fails once its head
 * is sent breaks the client's response: the outcome says so (`termination`, or `aborted` when the
 * client left), with the stream's error as cause.
 */
export async function writeResponse(target: ResponseTarget, response: CheckedResponse, signal: AbortSignal): Promise<ForwardOutcome> {
  const { status } = response;
  if (!('stream' in response)) {
    const { 'content-length': _ignored, ...headers } = response.headers;
    if (NO_BODY.has(status)) target.accept({ statusCode: status, headers })?.end();
    else target.accept({ statusCode: status, headers: { ...headers, 'content-length': String(response.body?.length ?? 0) } })?.end(response.body);
    return { kind: 'response', statusCode: status };
  }
  const sink = target.accept({ statusCode: status, headers: response.headers as HeaderMap });
  if (sink === null) {
    dropStream(response.stream);
    return { kind: 'response', statusCode: status };
  }
  try {
    await pipeline(response.stream, sink);
    return { kind: 'response', statusCode: status };
  } catch (error) {
    return { kind: 'failure', failure: signal.aborted ? 'aborted' : 'termination', headSent: true, cause: error };
  }
}
