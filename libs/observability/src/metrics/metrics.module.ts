import { Module } from '@nestjs/common';
import { GATEWAY_METRICS } from '#core';
import { GatewayMetrics } from './gateway-metrics.js';

/** The gateway's metrics, also under the core token GATEWAY_METRICS the admin API injects. */
@Module({ providers: [GatewayMetrics, { provide: GATEWAY_METRICS, useExisting: GatewayMetrics }], exports: [GatewayMetrics, GATEWAY_METRICS] })
export class MetricsModule {}
