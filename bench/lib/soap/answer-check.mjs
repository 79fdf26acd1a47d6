// Before anything is measured, every [mode, target] request must get the right answer: the
// PlaceOrderResponse envelope (direct, nginx, Portico's pass-through) or the typed JSON of the
// REST-to-SOAP facade. A misrouted proxy or a facade that does not convert cannot produce numbers.
import assert from 'node:assert/strict';
import { PLACE_ORDER_ANSWER_JSON, soapAnswerProblem } from './order-messages.mjs';

const TIMEOUT_MS = 10_000;
// A gateway may open its port a moment before the projects of its apisDir are routed.
const NOT_ROUTED_RETRIES = 10;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** request: {url, body, headers}; answers {status, contentType, text}. */
export async function send(request, extraHeaders = {}) {
  const response = await fetch(request.url, { method: 'POST', headers: { ...request.headers, ...extraHeaders }, body: request.body, signal: AbortSignal.timeout(TIMEOUT_MS) });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

function jsonProblem({ status, contentType, text }) {
  if (status !== 200) return `HTTP ${status}: ${text.slice(0, 300)}`;
  if (!contentType?.startsWith('application/json')) return `content-type ${contentType}`;
  try {
    assert.deepEqual(JSON.parse(text), PLACE_ORDER_ANSWER_JSON);
    return undefined;
  } catch {
    return `not the expected JSON: ${text.slice(0, 300)}`;
  }
}

/** Why `answer` is not the PlaceOrderResponse envelope, or undefined. */
function envelopeProblem(answer) {
  const problem = soapAnswerProblem(answer.status, answer.text);
  return problem && `${problem}: ${answer.text.slice(0, 300)}`;
}

/** Why `answer` is wrong when `expects` ('soap' or 'json') was expected, or undefined. */
export function answerProblem(expects, answer) {
  return expects === 'json' ? jsonProblem(answer) : envelopeProblem(answer);
}

/**
 * Throws, naming the mode, the target and its log, unless `run.request` is answered right.
 * run: {mode, target: {name, child}, request, expects: 'soap' | 'json'}.
 */
export async function checkAnswer(run, extraHeaders) {
  let answer;
  for (let attempt = 0; ; attempt++) {
    try {
      answer = await send(run.request, extraHeaders);
    } catch (error) {
      throw new Error(`answer check failed on ${run.mode} ${run.target.name} (${run.request.url}): ${error.message} (see ${run.target.child.logFile})`, { cause: error });
    }
    if (answer.status !== 404 || attempt >= NOT_ROUTED_RETRIES) break;
    await sleep(500);
  }
  const problem = answerProblem(run.expects, answer);
  if (problem) throw new Error(`answer check failed on ${run.mode} ${run.target.name} (${run.request.url}): ${problem} (see ${run.target.child.logFile})`);
}
