import { call } from '#testing';

export interface ProbeReport {
  /** Requests answered. */
  readonly answered: number;
  /** The longest a request took to be answered (ms). */
  readonly slowestMs: number;
  /** What went wrong: statuses other than 200, connection errors. */
  readonly failures: readonly string[];
}

/** A probe left running by a test that failed before `stop()` ends by itself after this long. */
const MAX_RUN_MS = 180_000;

/**
 * Asks the data plane's `GET /health` every `intervalMs` (a new connection each time) while an
 * attack runs elsewhere, to show that the data plane kept serving: `stop()` reports how many
 * were answered and the slowest answer.
 */
export class HealthProbe {
  private running = true;
  private answered = 0;
  private slowestMs = 0;
  private readonly failures: string[] = [];
  private readonly loop: Promise<void>;

  private constructor(
    private readonly port: number,
    private readonly intervalMs: number,
  ) {
    this.loop = this.run();
  }

  static start(port: number, intervalMs = 100): HealthProbe {
    return new HealthProbe(port, intervalMs);
  }

  async stop(): Promise<ProbeReport> {
    this.running = false;
    await this.loop;
    return { answered: this.answered, slowestMs: this.slowestMs, failures: this.failures };
  }

  private async run(): Promise<void> {
    const deadline = performance.now() + MAX_RUN_MS;
    while (this.running && performance.now() < deadline) {
      const started = performance.now();
      try {
        const res = await call({ port: this.port, path: '/health', headers: { host: 'localhost' } });
        if (res.status === 200) this.answered++;
        else this.failures.push(`status ${res.status}`);
      } catch (error) {
        this.failures.push((error as Error).message);
      }
      const took = performance.now() - started;
      this.slowestMs = Math.max(this.slowestMs, took);
      if (this.running) await new Promise((resolve) => setTimeout(resolve, Math.max(0, this.intervalMs - took)));
    }
  }
}
