import type { TrafficQuery, TrafficView } from './traffic-view.js';

/** A change made through the admin API, as the metrics count it. */
export type DeployOperation = 'deploy' | 'undeploy';

/** What the metrics read of the deployment store at a scrape. */
export interface DeploymentStoreView {
  readonly type: string;
  /** Whether a deploy could be written now (false: Redis unreachable, say). */
  readonly acceptingChanges: boolean;
  /** The revision of the deployments this process serves. */
  readonly revision: number;
}

/**
 * The gateway's Prometheus metrics as the control plane sees them: the admin API serves the
 * scrape and the deploy pipeline has its changes counted and timed. Provided under
 * GATEWAY_METRICS by the observability lib; absent in a gateway composed without it.
 */
export interface GatewayMetricsSource {
  readonly enabled: boolean;
  /** The exposition format's content type. */
  readonly contentType: string;
  /** The text a scrape answers. */
  scrape(): Promise<string>;
  /** Counts `work` (success, rejected, failed) and times it; resolves or rejects as it does. */
  measureDeploy<T>(operation: DeployOperation, work: Promise<T>): Promise<T>;
  /** Reports the deployment store (read at every scrape): whether it accepts changes, and the revision served. */
  observeDeploymentStore(view: () => DeploymentStoreView): void;
  /** Recent traffic per deployed API, sampled every `metrics.trafficSampleSeconds` (empty while metrics are off). */
  traffic(query: TrafficQuery): TrafficView;
}

export const GATEWAY_METRICS = Symbol('portico.GatewayMetrics');
