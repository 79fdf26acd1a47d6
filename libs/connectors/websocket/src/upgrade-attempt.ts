import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { UpgradeOutcome, UpgradeRequest, UpstreamFailureKind } from '#core';
import { BackendHandshake } from './backend-handshake.js';
import { readBackendRefusal } from './backend-refusal.js';
import { closeFrame } from './close-frame.js';
import { clientHandshakeProblem } from './client-handshake-problem.js';
import { switchClient } from './client-switch.js';
import { FrameTunnel, type FrameTunnelOptions } from './frame-tunnel.js';
import { writeHandshakeResponse } from './handshake-response.js';
import type { WebSocketEndpoint } from './websocket-endpoint.js';

/** Time a backend left right after its handshake gets to close its side. */
const LEAVE_TIMEOUT_MS = 10_000;

/**
 * One try of a WebSocket upgrade: the backend's handshake first, the client's only once the
 * backend accepted. A refusal (any other status) is passed to the client as it is; a failure
 * leaves the client socket untouched, so the data plane can try another member or answer itself.
 */
export class UpgradeAttempt {
  private phase: 'opening' | 'refusing' | 'relaying' | 'settled' = 'opening';
  private handshake: BackendHandshake | undefined;
  private tunnel: FrameTunnel | undefined;

  constructor(
    private readonly request: UpgradeRequest,
    private readonly endpoint: WebSocketEndpoint,
    private readonly options: FrameTunnelOptions,
    /** False once the connector was disposed: a backend that accepts late is dropped. */
    private readonly accepting: () => boolean,
    private readonly settle: (outcome: UpgradeOutcome) => void,
  ) {}

  start(): void {
    const { client, protocols, cancellation } = this.request;
    const problem = clientHandshakeProblem(client.request, protocols);
    if (problem) {
      writeHandshakeResponse(client.socket, problem);
      return this.finish({ kind: 'answered', statusCode: problem.statusCode });
    }
    cancellation.onCancel(this.onCancel);
    if (this.phase !== 'opening') return;
    const denial = this.endpoint.denial();
    if (denial) return this.fail('denied', denial);
    this.handshake = new BackendHandshake(this.endpoint, {
      accepted: this.onAccepted,
      refused: this.onRefused,
      failed: (failure, cause) => this.fail(failure, cause),
    });
    const { path, headers, timeoutMs } = this.request;
    this.handshake.start(path, headers, protocols, timeoutMs);
  }

  private readonly onRefused = (response: IncomingMessage, backendRequest: ClientRequest): void => {
    if (this.phase !== 'opening') return void backendRequest.destroy();
    this.phase = 'refusing';
    readBackendRefusal(response, (refusal) => {
      backendRequest.destroy();
      if (this.phase !== 'refusing') return;
      writeHandshakeResponse(this.request.client.socket, refusal);
      this.finish({ kind: 'refused', statusCode: refusal.statusCode });
    });
  };

  private readonly onAccepted = (socket: Duplex, head: Buffer, response: IncomingMessage): void => {
    if (this.phase !== 'opening') return void socket.destroy();
    if (!this.accepting()) {
      leave(socket);
      return this.fail('aborted', new Error('the connector was disposed during the handshake'));
    }
    const client = this.request.client;
    if (!switchClient(client, response)) {
      leave(socket);
      return this.fail('aborted', new Error('the client went away before the backend accepted'));
    }
    this.tunnel = new FrameTunnel(client, { socket, head }, this.options, this.request.ended);
    this.finish({ kind: 'upgraded' });
  };

  /** Before the upgrade: drop the backend. After: close both sides with 1001 (shutdown, drain). */
  private readonly onCancel = (reason: Error): void => {
    if (this.tunnel) return this.tunnel.close(1001, 'going away');
    if (this.phase === 'settled') return;
    if (this.handshake) this.handshake.abort(reason);
    else this.fail('aborted', reason);
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

/** Closes a backend connection that was opened for nothing: 1001, as the gateway goes away from it. */
function leave(backend: Duplex): void {
  backend.on('error', () => undefined);
  const cut = setTimeout(() => backend.destroy(), LEAVE_TIMEOUT_MS);
  cut.unref();
  backend.once('close', () => clearTimeout(cut));
  backend.end(closeFrame(1001, 'going away', true));
}
