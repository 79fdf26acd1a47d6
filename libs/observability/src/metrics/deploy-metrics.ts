import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { type DeploymentStoreView, type DeployOperation, DeployRejectedError } from '#core';

/** `rejected`: refused for what was asked (invalid definition, conflict, unknown API); `failed`: the gateway could not do it. */
export type DeployOutcome = 'success' | 'rejected' | 'failed';

/** Deploys take milliseconds to minutes (a large project, a slow connector's deploy-time work). */
const DEPLOY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** `portico_deploys_total{operation,outcome}` and `portico_deploy_duration_seconds{operation}`: control plane, so prom-client's own metrics. */
export class DeployMetrics {
  private readonly deploys: Counter<'operation' | 'outcome'>;
  private readonly durations: Histogram<'operation'>;

  constructor(private readonly registry: Registry) {
    this.deploys = new Counter({
      name: 'portico_deploys_total',
      help: 'Deploys and undeploys through the deploy pipeline (admin API and apisDir), by outcome.',
      labelNames: ['operation', 'outcome'],
      registers: [registry],
    });
    this.durations = new Histogram({
      name: 'portico_deploy_duration_seconds',
      help: 'Time from a deploy or undeploy request to its outcome, waiting for earlier deploys included.',
      labelNames: ['operation'],
      buckets: DEPLOY_BUCKETS,
      registers: [registry],
    });
  }

  /** The store's state, read at every scrape. */
  observeStore(view: () => DeploymentStoreView): void {
    new Gauge({
      name: 'portico_deployment_store_accepting_changes',
      help: 'Whether the deployment store can take a deploy now (0: Redis unreachable; deploys answer 503).',
      labelNames: ['store'],
      registers: [this.registry],
      aggregator: 'min',
      collect() {
        const { type, acceptingChanges } = view();
        this.reset();
        this.set({ store: type }, acceptingChanges ? 1 : 0);
      },
    });
    new Gauge({
      name: 'portico_deployment_revision',
      help: 'The revision of the admin deployments this gateway serves (replicas on one Redis converge on the same).',
      registers: [this.registry],
      aggregator: 'max',
      collect() {
        this.set(view().revision);
      },
    });
  }

  finished(operation: DeployOperation, outcome: DeployOutcome, seconds: number): void {
    this.deploys.inc({ operation, outcome });
    this.durations.observe({ operation }, seconds);
  }

  /** Times `work` and counts its outcome; returns it unchanged (same value, same rejection). */
  measure<T>(operation: DeployOperation, work: Promise<T>): Promise<T> {
    const started = performance.now();
    const seconds = (): number => (performance.now() - started) / 1000;
    return work.then(
      (value) => {
        this.finished(operation, 'success', seconds());
        return value;
      },
      (error: unknown) => {
        this.finished(operation, error instanceof DeployRejectedError ? 'rejected' : 'failed', seconds());
        throw error;
      },
    );
  }
}
