import { Module } from '@nestjs/common';
import { REQUEST_OBSERVERS, type RequestObserver } from '#core';
import { AccessLog } from './access-log/access-log.js';
import { AuditModule } from './audit/audit.module.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { Tracer } from './tracing/tracer.js';
import { TracingModule } from './tracing/tracing.module.js';

interface SwitchableObserver extends RequestObserver {
  readonly enabled: boolean;
}

/**
 * What watches the gateway: the access log, the metrics and the tracer, each listed in
 * REQUEST_OBSERVERS only while enabled, so one that is off costs the hot path nothing; and the
 * admin audit log. The control plane reaches them through core tokens (GATEWAY_METRICS, AUDIT_TRAIL).
 */
@Module({
  imports: [MetricsModule, TracingModule, AuditModule],
  providers: [
    AccessLog,
    {
      provide: REQUEST_OBSERVERS,
      useFactory: (...observers: SwitchableObserver[]): RequestObserver[] => observers.filter((observer) => observer.enabled),
      inject: [AccessLog, GatewayMetrics, Tracer],
    },
  ],
  exports: [REQUEST_OBSERVERS, MetricsModule, TracingModule, AuditModule],
})
export class ObservabilityModule {}
