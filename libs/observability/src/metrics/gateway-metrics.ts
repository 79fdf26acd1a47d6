import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Registry } from 'prom-client';
import {
  CLUSTER_DIRECTORY,
  type ClusterDirectory,
  DATA_PLANE_STATS,
  type DataPlaneStats,
  type DataPlaneStatsSource,
  type DeployOperation,
  GATEWAY_EVENTS,
  type DeploymentStoreView,
  type GatewayEvents,
  GatewayListeners,
  type GatewayMetricsSource,
  PROCESS_ROLE,
  type ProcessRole,
  type PublishedEvent,
  REQUEST_ERRORS,
  type RequestObserver,
  type RequestRecord,
  SNAPSHOT_SOURCE,
  type SnapshotSource,
  type TrafficQuery,
  type TrafficView,
} from '#core';
import { GatewaySettings } from '#settings';
import { registerConnectionGauges } from './connection-gauges.js';
import { DeployMetrics } from './deploy-metrics.js';
import { registerEndpointHealthGauges } from './endpoint-health-gauges.js';
import { ERROR_LABELS, ErrorSeries } from './error-series.js';
import { endpointLabel } from './label-values.js';
import { type LiveCheck, LiveSeries } from './live-series.js';
import { MetricsListener } from './metrics-listener.js';
import { processMetrics } from './process-metrics.js';
import { REQUEST_LABELS, RequestSeries } from './request-series.js';
import { CounterFamily, HistogramFamily } from './series-family.js';
import { admittingCluster, CLUSTER_LABELS, UPSTREAM_DURATION_LABELS, UpstreamSeries } from './upstream-series.js';
import { type DeployedApi, TrafficHistory } from './traffic-history.js';
import { TrafficSampler } from './traffic-sampler.js';
import { DURATION_METRIC, type MetricJson, REQUESTS_METRIC } from './traffic-totals.js';
import { aggregatedMetrics, aggregatedScrape, shareWithPrimary } from './worker-metrics.js';

/**
 * Prometheus metrics of the gateway (`metrics`), in a registry of its own (two gateways may share
 * a process). Requests are counted into cells cached per compiled resource and cluster (see
 * RequestSeries); health, connections and process figures are read when Prometheus scrapes.
 * Every label value is bounded by what is deployed, and the series of an API undeployed or
 * redeployed away are dropped.
 */
@Injectable()
export class GatewayMetrics implements RequestObserver, GatewayMetricsSource, OnApplicationBootstrap, OnApplicationShutdown {
  readonly enabled: boolean;
  readonly registry = new Registry();
  private readonly requests: RequestSeries;
  private readonly upstream: UpstreamSeries;
  private readonly errors: ErrorSeries;
  private readonly deploys: DeployMetrics;
  private readonly ejections: CounterFamily;
  private readonly pruned: Array<{ family: CounterFamily | HistogramFamily; keep: LiveCheck }> = [];
  private readonly history: TrafficHistory;
  private sampler: TrafficSampler | undefined;
  private unsubscribe: (() => void) | undefined;
  private listener: MetricsListener | undefined;
  private boundPort: number | undefined;

  constructor(
    private readonly settings: GatewaySettings,
    private readonly moduleRef: ModuleRef,
    @Optional() @Inject(CLUSTER_DIRECTORY) private readonly directory: ClusterDirectory | null,
    @Optional() @Inject(SNAPSHOT_SOURCE) private readonly snapshots: SnapshotSource | null,
    @Optional() @Inject(GATEWAY_EVENTS) events: GatewayEvents | null,
    @Optional() @Inject(GatewayListeners) private readonly listeners: GatewayListeners | null,
    // With `workers`: a worker's metrics are scraped through its primary, which serves them all.
    @Optional() @Inject(PROCESS_ROLE) private readonly role: ProcessRole | null = null,
  ) {
    this.enabled = settings.metrics.enabled;
    this.history = new TrafficHistory(settings.metrics.trafficSampleSeconds);
    const seconds = [...new Set(settings.metrics.latencyBuckets)].sort((a, b) => a - b);
    const family = <F extends CounterFamily | HistogramFamily>(created: F, keep: LiveCheck): F => {
      this.pruned.push({ family: created.registerIn(this.registry), keep });
      return created;
    };
    this.requests = new RequestSeries(
      family(new CounterFamily('portico_requests_total', 'Data-plane requests, by route (API, resource template, method), key type and status class.', REQUEST_LABELS), 'resource'),
      family(new HistogramFamily('portico_request_duration_seconds', 'Time from a request head to the end of its response.', REQUEST_LABELS, seconds), 'resource'),
    );
    this.upstream = new UpstreamSeries({
      duration: family(new HistogramFamily('portico_upstream_duration_seconds', 'Time from the first try to the accepted backend response head, retries included.', UPSTREAM_DURATION_LABELS, seconds), 'cluster'),
      attempts: family(new CounterFamily('portico_upstream_attempts_total', 'Tries sent to backends (first tries, retries and failovers).', CLUSTER_LABELS), 'cluster'),
      retries: family(new CounterFamily('portico_upstream_retries_total', 'Tries after the first (retries and failovers).', CLUSTER_LABELS), 'cluster'),
      overflows: family(new CounterFamily('portico_circuit_breaker_overflows_total', 'Requests refused by a circuit breaker (admission limit reached, 102505).', CLUSTER_LABELS), 'cluster'),
    });
    this.errors = new ErrorSeries(family(new CounterFamily('portico_gateway_errors_total', "The gateway's own error answers, by catalogue code.", ERROR_LABELS), 'api'));
    this.ejections = family(new CounterFamily('portico_endpoint_ejections_total', 'Cluster members ejected by outlier detection.', ['api', 'api_version', 'cluster', 'endpoint']), 'member');
    this.deploys = new DeployMetrics(this.registry);
    if (directory) registerEndpointHealthGauges(this.registry, directory);
    registerConnectionGauges(this.registry, () => this.dataPlaneStats());
    // Off: nothing that runs on its own (the event-loop monitor, the GC observer, the event subscription).
    if (!this.enabled) return;
    processMetrics();
    if (role === 'worker') shareWithPrimary([this.registry, processMetrics()]);
    this.unsubscribe = events?.subscribe((event) => this.onEvent(event));
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The port of the own listener (`metrics.port`) once open; undefined without one. */
  get listenerPort(): number | undefined {
    return this.boundPort;
  }

  /** On the request path of every request: array and WeakMap lookups, then plain increments. */
  finished(record: RequestRecord): void {
    this.requests.observe(record);
    const route = record.route;
    if (route === undefined) {
      if (record.error !== undefined) this.errors.observe(record, record.error);
      return;
    }
    const cluster = record.cluster ?? (record.error === REQUEST_ERRORS.upstreamOverflow ? admittingCluster(record, route) : undefined);
    if (cluster !== undefined) this.upstream.observe(record, route, cluster);
    if (record.error !== undefined) this.errors.observe(record, record.error);
  }

  /** The text exposition of every metric; in a primary, its workers' and its own, aggregated. */
  async scrape(): Promise<string> {
    if (this.role === 'primary') return aggregatedScrape([this.registry, processMetrics()]);
    const [own, process] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return own.endsWith('\n') || own === '' ? own + process : `${own}\n${process}`;
  }

  /** For the deploy pipeline: times `work` and counts its outcome; returns it unchanged. */
  measureDeploy<T>(operation: DeployOperation, work: Promise<T>): Promise<T> {
    return this.enabled ? this.deploys.measure(operation, work) : work;
  }

  /** A worker follows its primary's store: the primary reports it, once for the gateway. */
  observeDeploymentStore(view: () => DeploymentStoreView): void {
    if (this.role !== 'worker') this.deploys.observeStore(view);
  }

  /** The traffic history of the deployed APIs (the admin API's `GET /portico/v1/traffic`). */
  traffic(query: TrafficQuery): TrafficView {
    return this.history.view(query, this.deployedApis());
  }

  async onApplicationBootstrap(): Promise<void> {
    const { enabled, port, host, path } = this.settings.metrics;
    // A worker's requests reach the history through its primary's aggregation.
    if (enabled && this.role !== 'worker') {
      this.sampler = new TrafficSampler(this.history, () => this.requestMetrics());
      this.sampler.start();
    }
    // A worker's port would be the primary's (node:cluster shares listeners): the primary serves the scrape.
    if (!enabled || port === undefined || this.role === 'worker') return;
    this.listener = new MetricsListener(this, path);
    this.boundPort = await this.listener.listen(host, port);
    this.listeners?.record({ setting: 'metrics.port', host, port: this.boundPort });
    new Logger('Metrics').log(`metrics listener on ${host}:${this.boundPort}${path}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.sampler?.stop();
    this.sampler = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.listener?.close();
    this.listener = undefined;
  }

  private onEvent(event: PublishedEvent): void {
    if (event.type === 'endpoint.health' && event.cause === 'ejection' && event.to === 'ejected') {
      this.ejections.cell([event.api.name, event.api.version, event.cluster, endpointLabel(event.member)]).value++;
    } else if (event.type === 'api.undeployed' || (event.type === 'api.deployed' && !event.created)) {
      this.prune();
    }
  }

  /** Drops the series of what is no longer deployed, then the caches that point at their cells. */
  private prune(): void {
    const live = new LiveSeries(this.snapshots?.current, this.directory ?? undefined);
    for (const { family, keep } of this.pruned) family.prune(live[keep]);
    this.requests.forget();
    this.upstream.forget();
    this.errors.forget();
  }

  /** The two request metrics the traffic history is made of; in a primary, summed over its workers. */
  private async requestMetrics(): Promise<readonly MetricJson[]> {
    if (this.role === 'primary') {
      const all: readonly MetricJson[] = await (await aggregatedMetrics([this.registry])).getMetricsAsJSON();
      return all.filter((metric) => metric.name === REQUESTS_METRIC || metric.name === DURATION_METRIC);
    }
    const own = await Promise.all([REQUESTS_METRIC, DURATION_METRIC].map((name) => this.registry.getSingleMetric(name)?.get()));
    return own.filter((metric) => metric !== undefined);
  }

  /** Undefined in a gateway composed without routing: then every API with traffic is shown. */
  private deployedApis(): DeployedApi[] | undefined {
    return this.snapshots?.current.deployments.map(({ api }) => ({ name: api.name, version: api.version }));
  }

  /** The data plane lives in another module and may be absent (a gateway composed without it). */
  private dataPlaneStats(): DataPlaneStats | undefined {
    try {
      return this.moduleRef.get<DataPlaneStatsSource>(DATA_PLANE_STATS, { strict: false }).stats();
    } catch {
      return undefined;
    }
  }
}
