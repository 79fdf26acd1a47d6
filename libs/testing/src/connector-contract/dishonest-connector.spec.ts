import { Agent, request as httpRequest } from 'node:http';
import { Injectable } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ClusterSpec, type Connector, ConnectorFactory, type ForwardOutcome, GatewayConnector, type ResponseTarget, type UpstreamRequest } from '#core';
import { contractClusterSpec } from './contract-cluster-spec.js';
import { ContractSession } from './contract-session.js';
import type { ContractCheckId } from './contract-subject.js';
import type { ContractVerdict } from './contract-verdict.js';
import { httpContractScenarios } from './http-contract-scenarios.js';

/**
 * A connector that breaks the contract in the ways the kit must catch, and keeps it where it
 * must not complain: it forwards correctly, but buffers response bodies, ignores cancellation and
 * timeoutMs, keeps its connections after dispose(), and declares probes it does not have.
 */
class DishonestConnector implements Connector {
  private readonly agent = new Agent({ keepAlive: true });

  constructor(private readonly origin: URL) {}

  forward(request: UpstreamRequest, target: ResponseTarget): Promise<ForwardOutcome> {
    return new Promise((settle) => {
      const outgoing = httpRequest(new URL(request.path, this.origin), { method: request.method, headers: request.headers as Record<string, string>, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const statusCode = res.statusCode ?? 502;
          target.accept({ statusCode, headers: res.headers })?.end(Buffer.concat(chunks));
          settle({ kind: 'response', statusCode });
        });
      });
      outgoing.on('error', (cause) => settle({ kind: 'failure', failure: 'connect', headSent: false, cause }));
      if (request.body === null) outgoing.end();
      else request.body.pipe(outgoing);
    });
  }

  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

@GatewayConnector({ type: 'contract.dishonest', capabilities: { probe: true } })
@Injectable()
class DishonestConnectorFactory extends ConnectorFactory {
  create(spec: ClusterSpec): Connector {
    const url = spec.endpointSet.urls[0];
    return new DishonestConnector(new URL(`http://${url.host}:${url.port}`));
  }
}

describe('the connector contract kit on a dishonest connector', () => {
  let session: ContractSession;
  const verdicts = new Map<ContractCheckId, ContractVerdict>();
  const verdict = async (id: ContractCheckId): Promise<ContractVerdict> => {
    if (!verdicts.has(id)) verdicts.set(id, await session.check(id));
    return verdicts.get(id)!;
  };

  beforeAll(async () => {
    session = await ContractSession.open({
      factory: () => new DishonestConnectorFactory(),
      scenarios: httpContractScenarios({ cluster: (url) => contractClusterSpec('contract.dishonest', url) }),
      timeouts: { settle: 1500, cleanup: 1500, timeoutGrace: 1000 },
    });
  });

  afterAll(() => session.close());

  it('fails capability honesty and the probe check: it declares a probe it does not have', async () => {
    expect(await verdict('capabilities')).toEqual({ check: 'capabilities', status: 'failed', reason: 'it declares capabilities.probe but its connectors have no probe()' });
    expect(await verdict('probe')).toMatchObject({ status: 'failed', reason: expect.stringContaining('has no probe()') });
    expect(await verdict('probe-unreachable')).toMatchObject({ status: 'failed', reason: expect.stringContaining('has no probe()') });
  });

  it('fails abort propagation: the cancelled request never settles', async () => {
    expect(await verdict('abort')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^settling the cancelled request \(it registered no cancel function .*\) did not happen within 1500 ms$/) });
  });

  it('fails the timeout check: it ignores timeoutMs', async () => {
    expect(await verdict('timeout')).toMatchObject({ status: 'failed', reason: 'settling a request with timeoutMs 300 did not happen within 1300 ms' });
  });

  it('fails response streaming: it holds the body back until the endpoint gives up waiting', async () => {
    expect(await verdict('response-streaming')).toMatchObject({ status: 'failed', reason: expect.stringContaining('holds response bodies back') });
  });

  it('fails the dispose check: its keep-alive connections outlive dispose()', async () => {
    expect(await verdict('dispose')).toMatchObject({ status: 'failed', reason: expect.stringContaining('the endpoint seeing the connection closed after dispose()') });
  });

  it('passes what it does right, so the failures above are its own', async () => {
    for (const id of ['metadata', 'validate-and-fingerprint', 'forwarding', 'request-streaming', 'declined-head', 'connect-failure'] as const) {
      expect(await verdict(id)).toEqual({ check: id, status: 'passed' });
    }
    expect(await verdict('fingerprint-options')).toEqual({ check: 'fingerprint-options', status: 'not-applicable', reason: 'the connector declares no options' });
  });
});
