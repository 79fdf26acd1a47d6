import { Controller, Get, Inject, Optional, Query } from '@nestjs/common';
import { GATEWAY_METRICS, type GatewayMetricsSource, type TrafficView } from '#core';
import { AdminHttpError } from '../errors/admin-errors.js';
import { adminValidationPipe } from '../http/admin-validation.pipe.js';
import { PorticoTrafficQuery } from './portico-queries.js';

const DEFAULT_MINUTES = 15;

/** `GET /portico/v1/traffic`: request rate, error rate and latency percentiles per API, the dashboard's charts. */
@Controller('portico/v1/traffic')
export class PorticoTrafficController {
  constructor(@Optional() @Inject(GATEWAY_METRICS) private readonly metrics: GatewayMetricsSource | null) {}

  @Get()
  traffic(@Query(adminValidationPipe('query')) query: PorticoTrafficQuery): TrafficView {
    if (!this.metrics?.enabled) {
      throw new AdminHttpError('admin.metrics-disabled', "the traffic history is made of the gateway's metrics, and they are off (metrics.enabled: false)");
    }
    return this.metrics.traffic({ minutes: query.minutes ?? DEFAULT_MINUTES, query: query.query, offset: query.offset, limit: query.limit });
  }
}
