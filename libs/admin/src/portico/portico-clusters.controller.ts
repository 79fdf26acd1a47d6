import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CLUSTER_DIRECTORY, type ClusterDirectory, type ClusterStatus, printable } from '#core';
import { AdminHttpError } from '../errors/admin-errors.js';
import { AdminRoute } from '../http/admin-route.js';
import { adminValidationPipe } from '../http/admin-validation.pipe.js';
import { PorticoClusterQuery } from './portico-cluster-query.js';

/**
 * The health view (issue 16): each live cluster with its members' state — healthy, unhealthy
 * by probes or ejected by outlier detection — and a reset that forgets that state. Read from
 * the routing table as it is now; nothing here is persisted.
 */
@Controller('portico/v1/clusters')
export class PorticoClustersController {
  constructor(@Inject(CLUSTER_DIRECTORY) private readonly directory: ClusterDirectory) {}

  @Get()
  @AdminRoute({})
  list(@Query(adminValidationPipe('query')) query: PorticoClusterQuery): { total: number; list: ClusterStatus[] } {
    const list = this.directory
      .clusters()
      .filter((c) => (query.apiName === undefined || c.api.name === query.apiName) && (query.apiVersion === undefined || c.api.version === query.apiVersion));
    return { total: list.length, list };
  }

  @Get(':id')
  @AdminRoute({})
  detail(@Param('id') id: string): ClusterStatus {
    return this.find(id);
  }

  /** Every member healthy again, counters and ejection history cleared; probes go on. */
  @Post(':id/reset')
  @HttpCode(200)
  @AdminRoute({})
  reset(@Param('id') id: string): ClusterStatus {
    if (!this.directory.reset(id)) throw notFound(id);
    return this.find(id);
  }

  private find(id: string): ClusterStatus {
    const cluster = this.directory.cluster(id);
    if (cluster === undefined) throw notFound(id);
    return cluster;
  }
}

function notFound(id: string): AdminHttpError {
  return new AdminHttpError('admin.cluster-not-found', `no live cluster has the id ${printable(id, 64)}`);
}
