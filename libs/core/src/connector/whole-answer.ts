import { requestErrorBody, type RequestErrorSpec } from '../errors/request-errors.js';
import type { ForwardOutcome, HeaderMap, ResponseTarget } from './connector.js';

/**
 * Writes a complete answer a connector produced itself (no backend stream to relay): the head
 * with its content-length, then the body. A declined head (a retriable status with tries left) is
 * settled all the same.
 */
export function answerWhole(target: ResponseTarget, statusCode: number, headers: HeaderMap, body?: Buffer): ForwardOutcome {
  const head = { ...headers, 'content-length': String(body?.length ?? 0) };
  target.accept({ statusCode, headers: head })?.end(body);
  return { kind: 'response', statusCode };
}

/**
 * Answers with an error of the gateway's catalogue shape (`{code, message, description}`), for
 * connectors that detect a request error themselves; their own codes are RequestErrorSpec
 * objects too. 10xxxx and 90xxxx are the gateway's and Choreo Connect's (the function connector's
 * are 10353x); a connector from outside picks 6-digit codes outside those ranges.
 */
export function answerRequestError(target: ResponseTarget, spec: RequestErrorSpec, description: string = spec.description): ForwardOutcome {
  return answerWhole(target, spec.status, { 'content-type': 'application/json' }, Buffer.from(requestErrorBody(spec, description), 'utf8'));
}
