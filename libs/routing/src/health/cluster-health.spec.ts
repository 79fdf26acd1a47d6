import { Logger } from '@nestjs/common';
import type { Connector, EndpointSet, ForwardOutcome, HealthCheckConfig, ProbeResult } from '#core';
import { GatewaySettings } from '#settings';
import { ClusterHealth } from './cluster-health.js';

/** What a probe of member `member` answers the `n`-th time (from 1); 'hang' waits for the abort. */
type Script = (member: number, n: number) => boolean | 'hang';

/** The tiny stand-in the brief allows: a connector whose probes answer what the test says. */
class ProbedConnector implements Connector {
  readonly probes: number[] = [];
  readonly paths: (string | undefined)[] = [];
  /** Probes in flight per member, and the most ever seen at once. */
  private readonly inFlight: number[] = [];
  maxInFlight = 0;
  /** Hanging probes ended by their abort signal. */
  aborted = 0;
  /** Called as each probe starts (the test reads the member's state before the probe). */
  onProbe: (member: number, n: number) => void = () => undefined;

  constructor(public script: Script) {}

  forward(): Promise<ForwardOutcome> {
    return Promise.reject(new Error('not used'));
  }

  async probe(member: number, path: string | undefined, signal: AbortSignal): Promise<ProbeResult> {
    const n = (this.probes[member] = (this.probes[member] ?? 0) + 1);
    this.paths.push(path);
    this.onProbe(member, n);
    this.inFlight[member] = (this.inFlight[member] ?? 0) + 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight[member]);
    try {
      const answer = this.script(member, n);
      if (answer === 'hang') {
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        this.aborted++;
        return { healthy: false, detail: 'aborted' };
      }
      return answer ? { healthy: true } : { healthy: false, detail: 'connect ECONNREFUSED' };
    } finally {
      this.inFlight[member]--;
    }
  }

  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

/** A connector that cannot probe (mock, custom ones). */
const noProbes: Connector = { forward: () => Promise.reject(new Error('not used')), dispose: () => Promise.resolve() };

function endpointSet(members: number, healthCheck?: HealthCheckConfig): EndpointSet {
  const urls = Array.from({ length: members }, (_v, i) => ({ rawUrl: `http://10.0.0.${i + 1}:8080`, scheme: 'http' as const, host: `10.0.0.${i + 1}`, port: 8080, basePath: '' }));
  return { name: 'PRODUCTION', urls, policy: 'LOAD_BALANCE', location: '#/x-wso2-production-endpoints', ...(healthCheck ? { healthCheck } : {}) };
}

function settingsWith(tweak: (s: GatewaySettings) => void = () => undefined): GatewaySettings {
  const settings = new GatewaySettings();
  Object.assign(settings.upstream.healthChecks, { intervalMs: 20, timeoutMs: 50, unhealthyThreshold: 2, healthyThreshold: 2 });
  Object.assign(settings.upstream.outlierDetection, { consecutiveGatewayFailures: 2, consecutive5xx: 3, baseEjectionTimeMs: 40, maxEjectionTimeMs: 1000 });
  tweak(settings);
  return settings;
}

const refused: ForwardOutcome = { kind: 'failure', failure: 'connect', headSent: false, cause: new Error('connect ECONNREFUSED 10.0.0.1:8080') };
const ok: ForwardOutcome = { kind: 'response', statusCode: 200 };
const unavailable: ForwardOutcome = { kind: 'response', statusCode: 503 };

async function until(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The ejection the status shows, in ms (both ends come from one clock reading). */
const ejectionMs = (health: ClusterHealth, member: number): number => {
  const status = health.memberStatus(member);
  return Date.parse(status.ejectedUntil ?? '') - Date.parse(status.since ?? '');
};

describe('ClusterHealth', () => {
  const lines: string[] = [];
  const healths: ClusterHealth[] = [];
  const healthOf = (set: EndpointSet, connector: Connector, settings: GatewaySettings): ClusterHealth => {
    const health = new ClusterHealth(set, connector, settings, 'Pets:1.0.0 PRODUCTION');
    healths.push(health);
    return health;
  };

  beforeAll(() => {
    const keep = (level: string) => (message: unknown) => lines.push(`${level} ${String(message)}`);
    Logger.overrideLogger({ log: keep('log'), warn: keep('warn'), error: keep('error'), debug: () => undefined, verbose: () => undefined });
  });
  afterAll(() => Logger.overrideLogger(false));
  beforeEach(() => (lines.length = 0));
  afterEach(() => healths.splice(0).forEach((h) => h.dispose()));

  describe('what is checked', () => {
    it.each<[string, number, Connector, HealthCheckConfig | undefined, (s: GatewaySettings) => void, string]>([
      ['sets with more than one URL by TCP connect', 2, new ProbedConnector(() => true), undefined, () => undefined, 'tcp'],
      ['no set with a single URL (spec §8.2)', 1, new ProbedConnector(() => true), undefined, () => undefined, 'off'],
      ['a single URL when the set asks', 1, new ProbedConnector(() => true), { enabled: true }, () => undefined, 'tcp'],
      ['nothing when the set says so', 3, new ProbedConnector(() => true), { enabled: false }, () => undefined, 'off'],
      ['nothing when the settings say so', 3, new ProbedConnector(() => true), undefined, (s) => (s.upstream.healthChecks.enabled = false), 'off'],
      ['the settings path over HTTP', 2, new ProbedConnector(() => true), undefined, (s) => (s.upstream.healthChecks.path = '/status'), 'http /status'],
      ['the set path over the settings path', 2, new ProbedConnector(() => true), { path: '/own' }, (s) => (s.upstream.healthChecks.path = '/status'), 'http /own'],
      ['nothing on a connector that cannot probe', 2, noProbes, { enabled: true }, () => undefined, 'off'],
      ['nothing on a set without URLs (mock)', 0, new ProbedConnector(() => true), { enabled: true }, () => undefined, 'off'],
    ])('%s', (_what, members, connector, healthCheck, tweak, checks) => {
      const health = healthOf(endpointSet(members, healthCheck), connector, settingsWith(tweak));
      expect(health.checks).toBe(checks);
      expect(health.usable).toEqual(new Array(members).fill(true));
      expect(health.panic).toBe(false);
    });

    it('probes each member every interval with the configured path, never twice at once', async () => {
      const connector = new ProbedConnector((member, n) => (member === 1 && n === 1 ? 'hang' : true));
      healthOf(endpointSet(2, { path: '/ping', timeoutMs: 60 }), connector, settingsWith());
      await until(() => connector.probes[0] >= 4 && connector.probes[1] >= 2, 'probes of both members');
      expect(connector.maxInFlight).toBe(1);
      expect(new Set(connector.paths)).toEqual(new Set(['/ping']));
    });
  });

  describe('active probes', () => {
    it('marks a member unhealthy after unhealthyThreshold failed probes and healthy after healthyThreshold passes', async () => {
      const connector = new ProbedConnector((member, n) => member !== 1 || n > 3);
      const health = healthOf(endpointSet(3), connector, settingsWith());
      const before: string[] = [];
      connector.onProbe = (member) => member === 1 && before.push(health.memberStatus(1).state);
      await until(() => before.length >= 6, 'six probes of member 1');
      // Probes 1-3 fail, 4-6 pass: the state each probe found shows the thresholds at work.
      expect(before.slice(0, 6)).toEqual(['healthy', 'healthy', 'unhealthy', 'unhealthy', 'unhealthy', 'healthy']);
      expect(lines.filter((l) => l.includes('10.0.0.2'))).toEqual([
        'warn member http://10.0.0.2:8080 of Pets:1.0.0 PRODUCTION is unhealthy after 2 failed probes: probe: connect ECONNREFUSED',
        'log member http://10.0.0.2:8080 of Pets:1.0.0 PRODUCTION is healthy after 2 passing probes',
      ]);
      expect(health.memberStatus(1)).toEqual({
        state: 'healthy',
        since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        lastError: 'probe: connect ECONNREFUSED',
        lastErrorAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        ejections: 0,
      });
    });

    it('takes an unhealthy member out of the usable set while others are available', async () => {
      let down = true;
      const health = healthOf(endpointSet(3), new ProbedConnector((member) => member !== 2 || !down), settingsWith());
      await until(() => health.memberStatus(2).state === 'unhealthy', 'member 2 unhealthy');
      expect(health.usable).toEqual([true, true, false]);
      down = false;
      await until(() => health.usable[2], 'member 2 back');
      expect(health.memberStatus(2).state).toBe('healthy');
    });

    it('fails a probe that does not answer within timeoutMs', async () => {
      const connector = new ProbedConnector((member) => (member === 0 ? 'hang' : true));
      const health = healthOf(endpointSet(2, { timeoutMs: 30, unhealthyThreshold: 1 }), connector, settingsWith());
      await until(() => health.memberStatus(0).state === 'unhealthy', 'member 0 unhealthy');
      expect(health.memberStatus(0).lastError).toBe('probe: no answer within 30 ms');
    });
  });

  describe('passive outlier ejection', () => {
    it('ejects after consecutive gateway failures, for an exponentially longer time each time', async () => {
      const health = healthOf(endpointSet(3), noProbes, settingsWith((s) => (s.upstream.outlierDetection.maxEjectionTimeMs = 100)));
      const durations: number[] = [];
      for (let round = 0; round < 4; round++) {
        health.record(0, refused);
        expect(health.memberStatus(0).state).toBe('healthy');
        health.record(0, refused);
        expect(health.memberStatus(0)).toMatchObject({ state: 'ejected', ejections: round + 1, lastError: 'connect: connect ECONNREFUSED 10.0.0.1:8080' });
        expect(health.usable).toEqual([false, true, true]);
        durations.push(ejectionMs(health, 0));
        await until(() => health.usable[0], 'member 0 re-admitted');
        expect(health.memberStatus(0).state).toBe('healthy');
      }
      expect(durations).toEqual([40, 80, 100, 100]);
      expect(lines.filter((l) => l.startsWith('warn'))[0]).toBe(
        'warn member http://10.0.0.1:8080 of Pets:1.0.0 PRODUCTION ejected for 40 ms after 2 consecutive gateway failures: connect: connect ECONNREFUSED 10.0.0.1:8080',
      );
      expect(lines.filter((l) => l.includes('re-admitted'))).toHaveLength(4);
      // A member that stayed in for maxEjectionTimeMs starts again from the base time.
      await sleep(120);
      health.record(0, refused);
      health.record(0, refused);
      expect(ejectionMs(health, 0)).toBe(40);
      expect(health.memberStatus(0).ejections).toBe(1);
    });

    it('ejects after consecutive 5xx; a good response in between starts the count again', () => {
      const health = healthOf(endpointSet(3), noProbes, settingsWith());
      health.record(1, unavailable);
      health.record(1, unavailable);
      health.record(1, ok);
      health.record(1, unavailable);
      health.record(1, unavailable);
      expect(health.memberStatus(1).state).toBe('healthy');
      health.record(1, unavailable);
      expect(health.memberStatus(1)).toMatchObject({ state: 'ejected', lastError: 'HTTP 503' });
      expect(lines).toContain('warn member http://10.0.0.2:8080 of Pets:1.0.0 PRODUCTION ejected for 40 ms after 3 consecutive 5xx responses: HTTP 503');
    });

    it('ignores aborted tries, admission overflow and denied destinations', () => {
      const health = healthOf(endpointSet(3), noProbes, settingsWith());
      for (const failure of ['aborted', 'overflow', 'denied'] as const) {
        health.record(0, { kind: 'failure', failure, headSent: false });
        health.record(0, { kind: 'failure', failure, headSent: false });
      }
      expect(health.memberStatus(0)).toEqual({ state: 'healthy', ejections: 0 });
    });

    it('does nothing when outlier detection is off', () => {
      const health = healthOf(endpointSet(3), noProbes, settingsWith((s) => (s.upstream.outlierDetection.enabled = false)));
      for (let i = 0; i < 10; i++) health.record(0, refused);
      expect(health.memberStatus(0)).toEqual({ state: 'healthy', ejections: 0 });
    });

    it('never ejects the last available member', () => {
      const health = healthOf(endpointSet(2), noProbes, settingsWith((s) => (s.upstream.outlierDetection.maxEjectionPercent = 100)));
      for (let i = 0; i < 4; i++) health.record(0, refused);
      for (let i = 0; i < 6; i++) health.record(1, refused);
      expect([health.memberStatus(0).state, health.memberStatus(1).state]).toEqual(['ejected', 'healthy']);
      expect(health.usable).toEqual([false, true]);
      const single = healthOf(endpointSet(1), noProbes, settingsWith((s) => (s.upstream.outlierDetection.maxEjectionPercent = 100)));
      for (let i = 0; i < 6; i++) single.record(0, refused);
      expect(single.memberStatus(0).state).toBe('healthy');
    });

    it('keeps ejected and unhealthy members within maxEjectionPercent', () => {
      const health = healthOf(endpointSet(4), noProbes, settingsWith());
      for (const member of [0, 1, 2]) for (let i = 0; i < 2; i++) health.record(member, refused);
      expect([0, 1, 2, 3].map((m) => health.memberStatus(m).state)).toEqual(['ejected', 'ejected', 'healthy', 'healthy']);
    });

    it('always allows one ejection while two members are available, whatever the percentage', () => {
      const health = healthOf(endpointSet(4), noProbes, settingsWith((s) => (s.upstream.outlierDetection.maxEjectionPercent = 10)));
      for (const member of [0, 1]) for (let i = 0; i < 2; i++) health.record(member, refused);
      expect([0, 1].map((m) => health.memberStatus(m).state)).toEqual(['ejected', 'healthy']);
    });

    it('re-admits an ejected member at its first passing probe', async () => {
      let up = false;
      const settings = settingsWith((s) => Object.assign(s.upstream.outlierDetection, { baseEjectionTimeMs: 60_000, maxEjectionTimeMs: 60_000 }));
      const health = healthOf(endpointSet(3), new ProbedConnector((member) => member !== 0 || up), settings);
      health.record(0, refused);
      health.record(0, refused);
      expect(health.memberStatus(0).state).toBe('ejected');
      up = true;
      await until(() => health.usable[0], 'member 0 re-admitted by a probe', 1000);
      expect(lines).toContain('log member http://10.0.0.1:8080 of Pets:1.0.0 PRODUCTION re-admitted: a probe passed');
    });
  });

  describe('panic mode', () => {
    it('sends traffic to every member when fewer than panicThresholdPercent are available', async () => {
      const down = new Set([1, 2, 3]);
      const settings = settingsWith((s) => (s.upstream.healthChecks.unhealthyThreshold = 1));
      const health = healthOf(endpointSet(4), new ProbedConnector((member) => !down.has(member)), settings);
      await until(() => health.panic, 'panic mode');
      expect(health.usable).toEqual([true, true, true, true]);
      expect([0, 1, 2, 3].map((m) => health.memberStatus(m).state)).toEqual(['healthy', 'unhealthy', 'unhealthy', 'unhealthy']);
      expect(lines).toContain('warn Pets:1.0.0 PRODUCTION in panic mode: 1 of 4 members available, traffic goes to every member');
      down.delete(1);
      // Half the members available is not below the threshold.
      await until(() => !health.panic, 'panic over');
      expect(health.usable).toEqual([true, true, false, false]);
      expect(lines).toContain('log Pets:1.0.0 PRODUCTION out of panic mode: 2 of 4 members available');
    });
  });

  describe('reset and dispose', () => {
    it('reset: every member healthy, history gone, probes go on', async () => {
      let down = true;
      const connector = new ProbedConnector((member) => member !== 1 || !down);
      const settings = settingsWith((s) => Object.assign(s.upstream.outlierDetection, { baseEjectionTimeMs: 60_000, maxEjectionTimeMs: 60_000 }));
      const health = healthOf(endpointSet(3), connector, settings);
      health.record(0, refused);
      health.record(0, refused);
      await until(() => health.memberStatus(1).state === 'unhealthy', 'member 1 unhealthy');
      health.reset();
      down = false;
      expect(health.usable).toEqual([true, true, true]);
      expect([0, 1, 2].map((m) => health.memberStatus(m))).toEqual(new Array(3).fill({ state: 'healthy', ejections: 0 }));
      expect(lines).toContain('log health of Pets:1.0.0 PRODUCTION reset: every member healthy');
      const probes = connector.probes[1];
      await until(() => connector.probes[1] > probes + 1, 'probes after the reset');
      // The cleared ejection history: the next ejection is a first one again.
      health.record(0, refused);
      health.record(0, refused);
      expect(health.memberStatus(0)).toMatchObject({ state: 'ejected', ejections: 1 });
    });

    it('dispose stops probes and aborts the ones in flight', async () => {
      const connector = new ProbedConnector((member, n) => (member === 1 && n === 2 ? 'hang' : true));
      const health = healthOf(endpointSet(2, { timeoutMs: 10_000 }), connector, settingsWith());
      await until(() => connector.probes[1] === 2, 'the second probe of member 1 started');
      health.dispose();
      await until(() => connector.aborted === 1, 'the hanging probe aborted', 1000);
      const probes = [...connector.probes];
      await sleep(100);
      expect(connector.probes).toEqual(probes);
      health.dispose();
    });
  });
});
