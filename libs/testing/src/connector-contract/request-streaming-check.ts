import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pause, within } from './bounded-wait.js';
import { acceptedOnce, expectedAnswer } from './answer-expectations.js';
import type { ContractCheck } from './contract-check.js';
import { contractRequest } from './contract-request.js';
import { demand } from './contract-verdict.js';
import { RecordingTarget } from './recording-target.js';

const PARTS = ['first part of the body; ', 'second part; ', 'last part'];

/** A request body that arrives in parts over a few ms, as a client's upload does. */
function uploadedBody(): Readable {
  return Readable.from(
    (async function* () {
      for (const part of PARTS) {
        await pause(5);
        yield Buffer.from(part);
      }
    })(),
  );
}

/** A request body given as a stream reaches the endpoint whole; a connector that needs none still reads or discards it. */
export const requestStreamingCheck: ContractCheck = {
  id: 'request-streaming',
  title: 'request streaming: a request body given as a stream reaches the endpoint whole (or is drained by a connector answering itself)',
  scenarios: ['echo'],
  run: (session) =>
    session.withConnector('echo', async (connector, setup) => {
      const body = uploadedBody();
      const { request, run } = contractRequest('echo', setup, { method: 'POST', body, headers: { 'content-type': 'text/plain' } });
      const target = new RecordingTarget();
      const outcome = await session.forward(connector, request, target, 'an echo request with a streamed body');
      acceptedOnce(outcome, target);
      await within('the end of the response body', session.timeouts.settle, target.bodyEnded());
      expectedAnswer(setup, request, run, setup.answer === undefined ? PARTS.join('') : '', target);
      // Left paused, the client's upload would never complete; read to its end or destroyed are both fine.
      if (!body.closed) await within('the request body being read to its end or destroyed', session.timeouts.settle, once(body, 'close'));
      demand(body.closed, 'the request body stream was left open');
    }),
};
