import { Inject, Injectable, Logger, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { printable, PROCESS_ROLE, type ProcessRole } from '#core';
import { AdminHttpError } from '../errors/admin-errors.js';
import { DeploymentStore } from '../store/deployment-store.js';
import { DeployPipeline } from './deploy-pipeline.js';

/**
 * Serves what other writers commit to the store: replicas sharing Redis, or the primary for its
 * workers. Started once the boot's deployments are served, so a change announced during the
 * boot is applied after it, never overwritten by it.
 */
@Injectable()
export class DeploymentFollower implements OnApplicationShutdown {
  private readonly logger = new Logger('DeploymentStore');
  private stopWatching?: () => void;
  /** Set while the store cannot be read, so an outage is one line, not one per poll. */
  private failing = false;

  constructor(
    private readonly pipeline: DeployPipeline,
    private readonly store: DeploymentStore,
    @Optional() @Inject(PROCESS_ROLE) private readonly role: ProcessRole | null = null,
  ) {}

  start(): void {
    // A worker is told by its primary (catchUp on its message): the files have no change feed.
    if (this.role === 'worker') return;
    this.stopWatching ??= this.store.watch(() => void this.catchUp());
  }

  /** Applies the store's newest state if this process is behind. Never throws: failures are logged. */
  async catchUp(): Promise<void> {
    try {
      await this.pipeline.follow();
      this.failing = false;
    } catch (error) {
      // Redis unreachable: RedisConnection has said so once already.
      const outage = error instanceof AdminHttpError && error.code === 'admin.store-unavailable';
      if (outage || this.failing) {
        this.failing = true;
        return;
      }
      this.failing = true;
      this.logger.error(`could not apply the stored deployments: ${printable((error as Error).message)}`);
    }
  }

  onApplicationShutdown(): void {
    this.stopWatching?.();
  }
}
