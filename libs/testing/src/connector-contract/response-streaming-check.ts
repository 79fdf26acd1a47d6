import { within } from './bounded-wait.js';
import { acceptedOnce } from './answer-expectations.js';
import type { ContractCheck } from './contract-check.js';
import { contractRequest } from './contract-request.js';
import { STREAM_CHUNKS } from './contract-scenario.js';
import { demand, shown } from './contract-verdict.js';
import { RecordingTarget } from './recording-target.js';

/**
 * The response body streams: the endpoint writes its first chunk and holds the rest back until
 * the witness hears the target got it. A connector that buffers the body delivers nothing until
 * the endpoint gives up waiting, and the witness says so. A handshake, not a measurement.
 */
export const responseStreamingCheck: ContractCheck = {
  id: 'response-streaming',
  title: 'response streaming: the first chunk reaches the target before the endpoint writes the rest',
  scenarios: ['stream'],
  run: (session) =>
    session.withConnector('stream', async (connector, setup) => {
      const witness = setup.witness;
      const tell = witness?.firstChunkDelivered?.bind(witness);
      const releasedBy = witness?.streamReleasedBy?.bind(witness);
      demand(tell !== undefined && releasedBy !== undefined, 'the stream scenario needs a witness with firstChunkDelivered and streamReleasedBy');
      const { request, run } = contractRequest('stream', setup);
      const target = new RecordingTarget({ onChunk: (_chunk, index) => index === 0 && tell(run) });
      const bound = session.timeouts.settle + session.timeouts.cleanup;
      const outcome = await session.forward(connector, request, target, 'a streamed response', bound);
      acceptedOnce(outcome, target);
      await within('the end of the streamed body', bound, target.bodyEnded());
      demand(target.body === STREAM_CHUNKS.join(''), `the streamed body arrived as ${shown(target.body)}, not ${shown(STREAM_CHUNKS.join(''))}`);
      const released = releasedBy(run);
      demand(released === 'signal', `the endpoint wrote the rest ${released === 'fallback' ? 'after it stopped waiting' : 'without'} hearing that the first chunk reached the target: the connector holds response bodies back instead of streaming them`);
    }),
};
