import type { ForwardOutcome, ResponseHead, UpstreamRequest } from '#core';
import { ECHO_HEADER, type EchoBody, type ScenarioSetup } from './contract-scenario.js';
import { ContractViolation, demand, shown } from './contract-verdict.js';
import type { RecordingTarget } from './recording-target.js';

/** A `response` outcome whose head was accepted exactly once, with the same status. */
export function acceptedOnce(outcome: ForwardOutcome, target: RecordingTarget): ResponseHead {
  demand(outcome.kind === 'response', `the outcome is ${shown(outcome)}, not a response`);
  demand(target.heads.length === 1, `accept() was called ${target.heads.length} times, not once`);
  const head = target.heads[0];
  demand(outcome.statusCode === head.statusCode, `the outcome says ${outcome.statusCode}, the accepted head ${head.statusCode}`);
  return head;
}

/**
 * A head the data plane can write as it is once it dropped the hop-by-hop headers: a final
 * status, lower-case names (as Node and undici give them), text values, and a content-length, if
 * any, that matches the body delivered (the client would get a broken response otherwise).
 */
export function writableHead(head: ResponseHead, target: RecordingTarget): void {
  demand(Number.isInteger(head.statusCode) && head.statusCode >= 200 && head.statusCode <= 599, `the head's status ${head.statusCode} is no final HTTP status`);
  for (const [name, value] of Object.entries(head.headers)) {
    demand(name === name.toLowerCase(), `header ${name} is not lower-case (HeaderMap names are)`);
    const valid = value === undefined || typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
    demand(valid, `header ${name} has the value ${shown(value)}, not text or a list of texts`);
  }
  const length = head.headers['content-length'];
  if (typeof length === 'string') demand(Number(length) === target.bytes, `content-length says ${length}, the body delivered has ${target.bytes} bytes`);
}

/**
 * The answer of the `echo` scenario: the setup's fixed answer, or the endpoint's echo of this
 * request (run header copied into `x-contract-echo`, which must survive the hop-by-hop filter).
 */
export function expectedAnswer(setup: ScenarioSetup, request: UpstreamRequest, run: string, sentBody: string, target: RecordingTarget): void {
  const head = target.heads[0];
  if (setup.answer !== undefined) {
    demand(head.statusCode === setup.answer.statusCode, `the answer's status is ${head.statusCode}, not the ${setup.answer.statusCode} the scenario declares`);
    if (setup.answer.body !== undefined) demand(target.body === setup.answer.body, `the body delivered is ${shown(target.body)}, not ${shown(setup.answer.body)}`);
    return;
  }
  demand(head.statusCode === 200, `the echo's status is ${head.statusCode}, not 200 (body: ${shown(target.body)})`);
  demand(target.clientHeaders?.[ECHO_HEADER] === run, `the end-to-end header ${ECHO_HEADER} is ${shown(target.clientHeaders?.[ECHO_HEADER])} after hop-by-hop headers were dropped, not ${run}`);
  let echo: EchoBody;
  try {
    echo = JSON.parse(target.body) as EchoBody;
  } catch {
    throw new ContractViolation(`the body delivered is no echo (incomplete or changed?): ${shown(target.body)}`);
  }
  demand(echo.method === request.method, `the endpoint got method ${shown(echo.method)}, not ${request.method}`);
  demand(echo.path === request.path, `the endpoint got path ${shown(echo.path)}, not ${request.path}`);
  demand(echo.body === sentBody, `the endpoint got the request body ${shown(echo.body)}, not ${shown(sentBody)}`);
}
