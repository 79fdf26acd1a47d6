// Before anything is measured every target must answer GET /items with 200 and the backend's exact
// 1024 bytes of JSON: a misrouted proxy or a handler that was not deployed cannot produce numbers.
import { ITEMS_BODY } from '../payloads.mjs';

const TIMEOUT_MS = 10_000;
// A gateway opens its port a moment before the projects of its apisDir are routed.
const NOT_ROUTED_RETRIES = 10;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** GET `url`; answers {status, contentType, body: Buffer}. */
export async function fetchAnswer(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  return { status: response.status, contentType: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
}

/** Why `answer` is not the backend's GET /items answer, or undefined. */
export function answerProblem({ status, contentType, body }, expected = ITEMS_BODY) {
  if (status !== 200) return `HTTP ${status}: ${body.toString('utf8', 0, 300)}`;
  if (body.length !== expected.length) return `${body.length} bytes, expected ${expected.length}`;
  if (!body.equals(expected)) return `not the backend's body: ${body.toString('utf8', 0, 100)}…`;
  if (!contentType?.startsWith('application/json')) return `content-type ${contentType}`;
  return undefined;
}

/** Throws, naming the target and its server's log, unless run.url is answered right. run: {target, url, logFile}. */
export async function checkAnswer(run) {
  let answer;
  for (let attempt = 0; ; attempt++) {
    try {
      answer = await fetchAnswer(run.url);
    } catch (error) {
      throw new Error(`answer check failed on ${run.target} (${run.url}): ${error.message} (see ${run.logFile})`, { cause: error });
    }
    if (answer.status !== 404 || attempt >= NOT_ROUTED_RETRIES) break;
    await sleep(500);
  }
  const problem = answerProblem(answer);
  if (problem) throw new Error(`answer check failed on ${run.target} (${run.url}): ${problem} (see ${run.logFile})`);
}
