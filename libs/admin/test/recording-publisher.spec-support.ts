import { type Deployment, DeployRejectedError, type PreparedSnapshot, type RoutingPublisher } from '#core';

/** A RoutingPublisher that records what it was given; refuses the connector type `unknown`. */
export class RecordingPublisher implements RoutingPublisher {
  current: readonly Deployment[] = [];
  readonly publishes: (readonly Deployment[])[] = [];
  prepares = 0;
  discards = 0;

  async prepare(deployments: readonly Deployment[]): Promise<PreparedSnapshot> {
    this.prepares++;
    const unknown = deployments.find((d) => d.api.connector.type === 'unknown');
    if (unknown) {
      throw new DeployRejectedError([{ code: 'connector.unknown', message: `${unknown.api.name}: unknown connector type "unknown" (registered: rest)` }]);
    }
    return { snapshot: { deployments, match: () => undefined } };
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
