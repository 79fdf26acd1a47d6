import { Logger } from '@nestjs/common';
import { type Connector, type EndpointSet, type ForwardOutcome, GatewayEventBus, type PublishedEvent } from '#core';
import { GatewaySettings } from '#settings';
import { ClusterEvents } from './cluster-events.js';
import { ClusterHealth } from './cluster-health.js';

/** A connector that cannot probe: only passive ejection moves members here. */
const noProbes: Connector = { forward: () => Promise.reject(new Error('not used')), dispose: () => Promise.resolve() };

const api = { id: 'pets-id', name: 'Pets', version: '1.0.0' };
const refused: ForwardOutcome = { kind: 'failure', failure: 'connect', headSent: false, cause: new Error('connect ECONNREFUSED 10.0.0.1:8080') };

function endpointSet(members: number): EndpointSet {
  const urls = Array.from({ length: members }, (_v, i) => ({ rawUrl: `http://10.0.0.${i + 1}:8080`, scheme: 'http' as const, host: `10.0.0.${i + 1}`, port: 8080, basePath: '' }));
  return { name: 'PRODUCTION', urls, policy: 'LOAD_BALANCE', location: '#/x-wso2-production-endpoints' };
}

function settings(): GatewaySettings {
  const s = new GatewaySettings();
  Object.assign(s.upstream.outlierDetection, { consecutiveGatewayFailures: 2, baseEjectionTimeMs: 40, maxEjectionTimeMs: 1000, panicThresholdPercent: 60 });
  return s;
}

async function until(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('ClusterHealth events (the admin event stream)', () => {
  let bus: GatewayEventBus;
  let events: PublishedEvent[];
  let health: ClusterHealth;

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => {
    bus = new GatewayEventBus();
    events = [];
    bus.subscribe((e) => events.push(e));
    health = new ClusterHealth(endpointSet(2), noProbes, settings(), 'Pets:1.0.0 PRODUCTION', new ClusterEvents(bus, 'c0ffee000001', api));
  });
  afterEach(() => health.dispose());

  const eject = (member: number): void => {
    health.record(member, refused);
    health.record(member, refused);
  };

  it('tells an ejection (with its end) and the readmission by its timer, and panic mode entered and left', async () => {
    eject(0);
    expect(events.map((e) => e.type)).toEqual(['endpoint.health', 'cluster.panic']);
    expect(events[0]).toEqual({
      sequence: 1,
      at: expect.any(String),
      type: 'endpoint.health',
      cluster: 'c0ffee000001',
      api,
      member: 'http://10.0.0.1:8080',
      from: 'healthy',
      to: 'ejected',
      cause: 'ejection',
      lastError: expect.stringMatching(/ECONNREFUSED/),
      ejectedUntil: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(events[1]).toMatchObject({ type: 'cluster.panic', cluster: 'c0ffee000001', panic: true, available: 1, members: 2 });
    await until(() => events.length === 4, 'the readmission');
    expect(events[2]).toMatchObject({ type: 'endpoint.health', member: 'http://10.0.0.1:8080', from: 'ejected', to: 'healthy', cause: 'readmission' });
    expect(events[2]).not.toHaveProperty('ejectedUntil');
    expect(events[3]).toMatchObject({ type: 'cluster.panic', panic: false, available: 2 });
  });

  it('tells each member a reset brings back, and nothing for members that were healthy', () => {
    eject(0);
    events.length = 0;
    health.reset();
    expect(events.map((e) => [e.type, 'member' in e ? e.member : '', 'cause' in e ? e.cause : ''])).toEqual([
      ['endpoint.health', 'http://10.0.0.1:8080', 'reset'],
      ['cluster.panic', '', ''],
    ]);
  });

  it('tells nothing for requests that change no state, nor after the cluster is disposed', () => {
    health.record(0, { kind: 'response', statusCode: 200 });
    health.record(1, refused);
    expect(events).toEqual([]);
    health.dispose();
    eject(0);
    expect(events).toEqual([]);
  });
});
