import { Logger } from '@nestjs/common';
import { ThrottledLog } from '#core';
import type { TrafficHistory } from './traffic-history.js';
import { apiTotalsOf, type MetricJson } from './traffic-totals.js';

/**
 * Feeds a TrafficHistory every `intervalSeconds` from the request metrics `read` gives (this
 * process's registry, or a primary's aggregation of its workers). Off the request path: the
 * data plane only ever increments its cells. The timer does not keep the process alive.
 */
export class TrafficSampler {
  private readonly failures = new ThrottledLog((line) => new Logger('Metrics').warn(line));
  private timer: NodeJS.Timeout | undefined;
  private sampling = false;

  constructor(
    private readonly history: TrafficHistory,
    private readonly read: () => Promise<readonly MetricJson[]>,
  ) {}

  start(): void {
    if (this.timer !== undefined) return;
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.history.intervalSeconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.failures.close();
  }

  private async sample(): Promise<void> {
    // A slow read (a primary waiting for a late worker) must not pile up reads behind it.
    if (this.sampling) return;
    this.sampling = true;
    try {
      const at = Date.now();
      const metrics = await this.read();
      if (this.timer !== undefined) this.history.record(at, apiTotalsOf(metrics));
    } catch (error) {
      this.failures.note('traffic-sample', `Could not sample the traffic history (GET /portico/v1/traffic): ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.sampling = false;
    }
  }
}
