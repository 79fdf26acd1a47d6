import { type Deployment, DeployRejectedError, type PreparedSnapshot, type PrepareOptions, type Problem, type RoutingPublisher } from '#core';

/** A RoutingPublisher that records what it was given; refuses the connector type `unknown`. */
export class RecordingPublisher implements RoutingPublisher {
  current: readonly Deployment[] = [];
  readonly publishes: (readonly Deployment[])[] = [];
  prepares = 0;
  discards = 0;

  async prepare(deployments: readonly Deployment[], options: PrepareOptions = {}): Promise<PreparedSnapshot> {
    this.prepares++;
    const problemsOf = (d: Deployment): Problem[] => [
      { code: 'connector.unknown', message: `${d.api.name}: unknown connector type "unknown" (registered: rest)` },
    ];
    const unknown = deployments.filter((d) => d.api.connector.type === 'unknown');
    if (unknown.length > 0 && options.dropRejected !== true) throw new DeployRejectedError(problemsOf(unknown[0]));
    const served = deployments.filter((d) => !unknown.includes(d));
    const rejected = unknown.map((deployment) => ({ deployment, problems: problemsOf(deployment) }));
    return { snapshot: { deployments: served, match: () => undefined }, warnings: [], rejected };
  }

  publish(prepared: PreparedSnapshot): void {
    this.current = prepared.snapshot.deployments;
    this.publishes.push(this.current);
  }

  async discard(): Promise<void> {
    this.discards++;
  }

  /** `name:version@vhost` of what is published, sorted. */
  published(): string[] {
    return this.current.map((d) => `${d.api.name}:${d.api.version}@${d.vhost}`).sort();
  }
}
