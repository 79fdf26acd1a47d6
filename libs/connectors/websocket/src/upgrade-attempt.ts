import type { ClientRequest, IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import type { HeaderMap, UpgradeOutcome, UpgradeRequest, UpstreamFailureKind } from '#core';
import { upstreamErrorKind } from '#upstream';
import { readBackendRefusal } from './backend-refusal.js';
import type { ClientHandshakes } from './client-handshakes.js';
import { clientHandshakeProblem } from './client-handshake-problem.js';
import { FrameRelay, type FrameRelayOptions } from './frame-relay.js';
import { writeHandshakeResponse } from './handshake-response.js';
import type { WebSocketEndpoint } from './websocket-endpoint.js';

/** ws's message when `handshakeTimeout` expires; the error carries no code. */
const HANDSHAKE_TIMED_OUT = 'Opening handshake has timed out';

export interface UpgradeAttemptOptions extends FrameRelayOptions {
  readonly maxPayload: number;
}

/**
 * One try of a WebSocket upgrade: the backend's handshake first, the client's only once the
 * backend accepted. A refusal (any other status) is passed to the client as it is; a failure
 * leaves the client socket untouched, so the data plane can try another member or answer itself.
 */
export class UpgradeAttempt {
  private phase: 'opening' | 'refusing' | 'relaying' | 'settled' = 'opening';
  private backend: WebSocket | undefined;
  private relay: FrameRelay | undefined;

  constructor(
    private readonly request: UpgradeRequest,
    private readonly endpoint: WebSocketEndpoint,
    private readonly handshakes: ClientHandshakes,
    private readonly options: UpgradeAttemptOptions,
    private readonly settle: (outcome: UpgradeOutcome) => void,
  ) {}

  start(): void {
    const { client, protocols, cancellation } = this.request;
    const problem = clientHandshakeProblem(client.request, protocols);
    if (problem) {
      writeHandshakeResponse(client.socket, problem);
      return this.finish({ kind: 'refused', statusCode: problem.statusCode });
    }
    cancellation.onCancel(this.onCancel);
    if (this.phase !== 'opening') return;
    const denial = this.endpoint.denial();
    if (denial) return this.fail('denied', denial);
    try {
      this.backend = new WebSocket(this.endpoint.origin + this.request.path, [...protocols], {
        headers: definedHeaders(this.request.headers),
        handshakeTimeout: this.request.timeoutMs,
        maxPayload: this.options.maxPayload,
        perMessageDeflate: false,
        autoPong: false,
        skipUTF8Validation: true,
        followRedirects: false,
        ...(this.endpoint.lookup === undefined ? {} : { lookup: this.endpoint.lookup }),
        ...this.endpoint.tls,
      });
    } catch (error) {
      // Headers or a path Node refuses to send.
      return this.fail('protocol', error);
    }
    this.backend.on('error', this.onBackendError);
    this.backend.on('unexpected-response', this.onRefused);
    this.backend.once('open', this.onOpen);
  }

  private readonly onBackendError = (error: Error): void => {
    if (this.phase !== 'opening') return;
    this.fail(error.message === HANDSHAKE_TIMED_OUT ? 'timeout' : upstreamErrorKind(error), error);
  };

  private readonly onRefused = (backendRequest: ClientRequest, response: IncomingMessage): void => {
    if (this.phase !== 'opening') return;
    this.phase = 'refusing';
    readBackendRefusal(response, (refusal) => {
      backendRequest.destroy();
      if (this.phase !== 'refusing') return;
      writeHandshakeResponse(this.request.client.socket, refusal);
      this.finish({ kind: 'refused', statusCode: refusal.statusCode });
    });
  };

  private readonly onOpen = (): void => {
    const backend = this.backend as WebSocket;
    if (this.phase !== 'opening') return;
    const result = this.handshakes.complete(this.request.client, backend.protocol);
    if (result.kind !== 'accepted') {
      backend.close(1001);
      if (result.kind === 'gone') return this.fail('aborted', new Error('the client went away before the backend accepted'));
      return this.finish({ kind: 'refused', statusCode: result.statusCode });
    }
    this.relay = new FrameRelay(result.socket, backend, this.options, this.request.ended);
    this.finish({ kind: 'upgraded' });
  };

  /** Before the upgrade: drop the backend. After: close both sides with 1001 (shutdown, drain). */
  private readonly onCancel = (reason: Error): void => {
    if (this.relay) return this.relay.close(1001, 'going away');
    if (this.phase === 'settled') return;
    this.backend?.terminate();
    this.fail('aborted', reason);
  };

  private fail(failure: UpstreamFailureKind, cause: unknown): void {
    this.finish({ kind: 'failure', failure, cause });
  }

  private finish(outcome: UpgradeOutcome): void {
    if (this.phase === 'settled' || this.phase === 'relaying') return;
    this.phase = outcome.kind === 'upgraded' ? 'relaying' : 'settled';
    this.settle(outcome);
  }
}

function definedHeaders(headers: HeaderMap): Record<string, string | string[]> {
  const defined: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) defined[name] = value;
  }
  return defined;
}
