import type { ProbeResult } from '#core';
import type { ActiveCheckConfig } from './health-check-config.js';

/** `Connector.probe`, bound to its connector. */
export type ProbeFunction = (endpoint: number, path: string | undefined, signal: AbortSignal) => Promise<ProbeResult>;

/**
 * Probes every member of a cluster about once per interval (spec §8.2), each on its own timer chain:
 * the next probe of a member is scheduled when its last one has ended, so a member never has two
 * probes at once and a slow member does not delay the others. Timers are unref'd: probes never
 * keep the process alive.
 */
export class ActiveProber {
  private readonly timers: (ReturnType<typeof setTimeout> | undefined)[];
  private readonly running: (AbortController | undefined)[];
  private stopped = false;

  constructor(
    private readonly probeMember: ProbeFunction,
    private readonly config: ActiveCheckConfig,
    members: number,
    private readonly report: (member: number, result: ProbeResult) => void,
  ) {
    this.timers = new Array<ReturnType<typeof setTimeout> | undefined>(members).fill(undefined);
    this.running = new Array<AbortController | undefined>(members).fill(undefined);
    for (let member = 0; member < members; member++) this.schedule(member, Math.random() * config.intervalMs);
  }

  /** Stops every timer and aborts the probes in flight; their results are dropped. Idempotent. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) if (timer !== undefined) clearTimeout(timer);
    for (const probe of this.running) probe?.abort();
  }

  /**
   * The first probe comes at a random point of the first interval, the next ones every interval
   * ± 10 %: clusters created together (at boot, by one deploy) do not probe in step, so a
   * backend shared by many clusters sees their probes spread out rather than in bursts.
   */
  private schedule(member: number, delayMs = this.config.intervalMs * (0.9 + 0.2 * Math.random())): void {
    if (this.stopped) return;
    const timer = setTimeout(() => void this.probe(member), delayMs);
    timer.unref();
    this.timers[member] = timer;
  }

  private async probe(member: number): Promise<void> {
    this.timers[member] = undefined;
    const controller = new AbortController();
    this.running[member] = controller;
    const deadline = setTimeout(() => controller.abort(), this.config.timeoutMs);
    deadline.unref();
    let result: ProbeResult;
    try {
      result = await this.probeMember(member, this.config.path, controller.signal);
    } catch (error) {
      // The contract says probes never throw; a connector that does must not stop the checker.
      result = { healthy: false, detail: error instanceof Error ? error.message : String(error) };
    }
    clearTimeout(deadline);
    this.running[member] = undefined;
    if (this.stopped) return;
    // A probe cut off by its deadline fails whatever the connector made of the abort.
    if (!result.healthy && controller.signal.aborted) result = { healthy: false, detail: `no answer within ${this.config.timeoutMs} ms` };
    this.report(member, result);
    this.schedule(member);
  }
}
