import { Logger } from '@nestjs/common';
import { type Connector, type EndpointSet, type ForwardOutcome, type HealthChangeCause, type MemberState, printable, type ProbeResult } from '#core';
import type { GatewaySettings, OutlierDetectionSettings } from '#settings';
import { ActiveProber } from './active-prober.js';
import type { ClusterEvents } from './cluster-events.js';
import { ejectionAllowed, ejectionDurationMs } from './ejection-rules.js';
import type { EndpointHealth, MemberHealthStatus } from './endpoint-health.js';
import { type ActiveCheckConfig, activeCheckConfig, checksLabel } from './health-check-config.js';
import { MemberHealth } from './member-health.js';
import { OutlierDetector, outlierErrorOf, type OutlierTrip } from './outlier-detector.js';

/**
 * The health of one cluster's members (spec §8.2, §8.4): active probes mark members unhealthy and
 * healthy again, passive detection ejects them for a growing time, and below the panic threshold
 * every member takes traffic again (Envoy's panic mode). `usable` is what the balancers read; it
 * changes only here, on health events.
 */
export class ClusterHealth implements EndpointHealth {
  private static readonly logger = new Logger('Health');
  readonly usable: boolean[];
  readonly checks: string;
  private inPanic = false;
  private disposed = false;
  private readonly members: MemberHealth[];
  private readonly outlier: OutlierDetectionSettings;
  private readonly detector: OutlierDetector | undefined;
  private readonly checkConfig: ActiveCheckConfig | undefined;
  private readonly prober: ActiveProber | undefined;
  /** The cluster's name for log lines, e.g. `PetStore:1.0.0 PRODUCTION`. */
  private readonly name: string;

  constructor(
    private readonly set: EndpointSet,
    connector: Connector,
    settings: GatewaySettings,
    name: string,
    /** Absent in a gateway composed without an event bus (and in unit tests). */
    private readonly events?: ClusterEvents,
  ) {
    this.name = printable(name);
    const size = set.urls.length;
    this.members = Array.from({ length: size }, () => new MemberHealth());
    this.usable = new Array<boolean>(size).fill(true);
    this.outlier = settings.upstream.outlierDetection;
    this.detector = this.outlier.enabled && size > 0 ? new OutlierDetector(size, this.outlier) : undefined;
    const probe = connector.probe?.bind(connector);
    this.checkConfig = activeCheckConfig(set, settings, probe !== undefined);
    this.checks = checksLabel(this.checkConfig);
    this.prober =
      probe === undefined || this.checkConfig === undefined
        ? undefined
        : new ActiveProber(probe, this.checkConfig, size, (member, result) => this.probed(member, result));
  }

  get panic(): boolean {
    return this.inPanic;
  }

  record(endpoint: number, outcome: ForwardOutcome): void {
    const detector = this.detector;
    if (detector === undefined) return;
    if (outcome.kind === 'response' && outcome.statusCode < 500) {
      detector.passed(endpoint);
      return;
    }
    const error = outlierErrorOf(outcome);
    if (error === undefined) return;
    this.members[endpoint].noteError(error, Date.now());
    const trip = detector.failed(endpoint, outcome);
    if (trip !== undefined) this.eject(endpoint, trip);
  }

  memberStatus(endpoint: number): MemberHealthStatus {
    return this.members[endpoint].status();
  }

  reset(): void {
    this.stopEjectionTimers();
    const before = this.members.map((member) => member.state);
    for (let i = 0; i < this.members.length; i++) this.members[i] = new MemberHealth();
    this.detector?.clear();
    ClusterHealth.logger.log(`health of ${this.name} reset: every member healthy`);
    before.forEach((state, endpoint) => {
      if (state !== 'healthy') this.announce(endpoint, state, 'reset');
    });
    this.refresh();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.prober?.stop();
    this.stopEjectionTimers();
  }

  private stopEjectionTimers(): void {
    for (const member of this.members) if (member.ejectionTimer !== undefined) clearTimeout(member.ejectionTimer);
  }

  private probed(endpoint: number, result: ProbeResult): void {
    const member = this.members[endpoint];
    const config = this.checkConfig as ActiveCheckConfig;
    const now = Date.now();
    const before = member.state;
    if (result.healthy) {
      member.failedProbes = 0;
      member.passedProbes++;
      if (member.ejected) {
        member.readmit(now);
        ClusterHealth.logger.log(`member ${this.label(endpoint)} re-admitted: a probe passed`);
      }
      if (member.unhealthy && member.passedProbes >= config.healthyThreshold) {
        member.unhealthy = false;
        ClusterHealth.logger.log(`member ${this.label(endpoint)} is healthy after ${member.passedProbes} passing probes`);
      }
    } else {
      member.passedProbes = 0;
      member.failedProbes++;
      member.noteError(`probe: ${result.detail ?? 'failed'}`, now);
      if (!member.unhealthy && member.failedProbes >= config.unhealthyThreshold) {
        member.unhealthy = true;
        ClusterHealth.logger.warn(`member ${this.label(endpoint)} is unhealthy after ${member.failedProbes} failed probes: ${printable(member.lastError ?? '')}`);
      }
    }
    this.changed(endpoint, before, now, before === 'ejected' ? 'readmission' : 'probe');
  }

  private eject(endpoint: number, trip: OutlierTrip): void {
    const member = this.members[endpoint];
    if (this.disposed || member.ejected) return;
    if (!ejectionAllowed(this.members, endpoint, this.outlier.maxEjectionPercent)) {
      ClusterHealth.logger.debug(`member ${this.label(endpoint)} not ejected: maxEjectionPercent or last available member`);
      return;
    }
    const now = Date.now();
    const before = member.state;
    // A member that behaved for maxEjectionTimeMs starts again from the base ejection time.
    if (member.lastEjectionEnd !== undefined && now - member.lastEjectionEnd >= this.outlier.maxEjectionTimeMs) member.ejections = 0;
    member.ejections++;
    const duration = ejectionDurationMs(member.ejections, this.outlier);
    member.ejected = true;
    member.ejectedUntil = now + duration;
    member.ejectionTimer = setTimeout(() => this.ejectionEnded(endpoint, duration), duration);
    member.ejectionTimer.unref();
    ClusterHealth.logger.warn(
      `member ${this.label(endpoint)} ejected for ${duration} ms after ${trip.count} consecutive ${trip.kind}: ${printable(member.lastError ?? '')}`,
    );
    this.changed(endpoint, before, now, 'ejection');
  }

  private ejectionEnded(endpoint: number, duration: number): void {
    const member = this.members[endpoint];
    const now = Date.now();
    const before = member.state;
    member.readmit(now);
    ClusterHealth.logger.log(`member ${this.label(endpoint)} re-admitted after its ${duration} ms ejection`);
    this.changed(endpoint, before, now, 'readmission');
  }

  private changed(endpoint: number, before: MemberState, now: number, cause: HealthChangeCause): void {
    const member = this.members[endpoint];
    if (member.state === before) return;
    member.since = now;
    this.announce(endpoint, before, cause);
    this.refresh();
  }

  private announce(endpoint: number, from: MemberState, cause: HealthChangeCause): void {
    if (!this.disposed) this.events?.memberChanged(this.set.urls[endpoint].rawUrl, from, this.members[endpoint].status(), cause);
  }

  /** Recomputes `usable` and panic mode from the members' states. */
  private refresh(): void {
    const size = this.members.length;
    let available = 0;
    for (const member of this.members) if (member.available) available++;
    const panic = size > 0 && available * 100 < this.outlier.panicThresholdPercent * size;
    for (let i = 0; i < size; i++) this.usable[i] = panic || this.members[i].available;
    if (panic === this.inPanic) return;
    this.inPanic = panic;
    if (!this.disposed) this.events?.panicChanged(panic, available, size);
    if (panic) ClusterHealth.logger.warn(`${this.name} in panic mode: ${available} of ${size} members available, traffic goes to every member`);
    else ClusterHealth.logger.log(`${this.name} out of panic mode: ${available} of ${size} members available`);
  }

  private label(endpoint: number): string {
    return `${printable(this.set.urls[endpoint].rawUrl)} of ${this.name}`;
  }
}
