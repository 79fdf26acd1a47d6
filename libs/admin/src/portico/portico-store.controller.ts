import { Controller, Get } from '@nestjs/common';
import { DeployPipeline } from '../deploy/deploy-pipeline.js';
import { AdminRoute } from '../http/admin-route.js';
import type { StoreStatus } from '../store/deployment-store.js';

/**
 * Where this gateway's admin deployments are kept and whether it can change them now: replicas on
 * Redis keep serving while Redis is away, but refuse deploys (503) until it is back.
 */
@Controller('portico/v1/deployments/store')
export class PorticoStoreController {
  constructor(private readonly pipeline: DeployPipeline) {}

  @Get()
  @AdminRoute({})
  status(): StoreStatus {
    return this.pipeline.storeStatus();
  }
}
