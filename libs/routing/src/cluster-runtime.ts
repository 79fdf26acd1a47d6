import { Logger } from '@nestjs/common';
import { authorityOf, type ClusterHandle, type Connector, type EndpointSet } from '#core';
import { type EndpointPicker, pickerFor } from './endpoint-picker.js';

/**
 * A live cluster: the connector for one endpoint set plus its picker. It survives redeploys that
 * keep its key, and is disposed once retired and idle, so in-flight requests finish first.
 */
export class ClusterRuntime implements ClusterHandle {
  private static readonly logger = new Logger('Cluster');
  readonly authorities: readonly string[];
  private readonly picker: EndpointPicker;
  private inFlight = 0;
  private retired = false;
  private disposal: Promise<void> | undefined;

  constructor(
    readonly key: string,
    readonly connectorType: string,
    readonly endpointSet: EndpointSet,
    readonly connector: Connector,
  ) {
    this.picker = pickerFor(endpointSet);
    this.authorities = endpointSet.urls.map(authorityOf);
  }

  pick(): number {
    return this.picker.pick();
  }

  enter(): void {
    this.inFlight++;
  }

  leave(): void {
    this.inFlight--;
    if (this.retired && this.inFlight === 0) void this.dispose();
  }

  /** No new snapshot uses this cluster: dispose it as soon as its last request ends. */
  retire(): void {
    this.retired = true;
    if (this.inFlight === 0) void this.dispose();
  }

  /** Idempotent; also used at shutdown, when in-flight requests have had their drain time. */
  dispose(): Promise<void> {
    this.disposal ??= this.connector.dispose().catch((error: unknown) => {
      ClusterRuntime.logger.warn(`disposing cluster ${this.key} failed: ${String(error)}`);
    });
    return this.disposal;
  }
}
