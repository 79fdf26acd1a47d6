import { Inject, Injectable, type OnModuleInit, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GATEWAY_METRICS, type GatewayMetricsSource } from '#core';
import { GatewaySettings } from '#settings';
import { AdminRoute } from '../http/admin-route.js';

type ScrapeHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/**
 * The Prometheus scrape endpoint on the admin listener: GET (and HEAD) `metrics.path`. Its path
 * and whether it needs credentials are settings, and two gateways in one process may differ,
 * so the route is added to this gateway's Fastify instance at start rather than declared with
 * decorators on a class; AdminRequestGate reads its AdminRoute options as for any other route
 * (Host and Origin checks, and admin credentials unless `metrics.requireAuthentication` is off).
 * Metrics off, or a gateway composed without them: no route, so the admin 404 like any unknown path.
 */
@Injectable()
export class MetricsController implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly settings: GatewaySettings,
    @Optional() @Inject(GATEWAY_METRICS) private readonly metrics: GatewayMetricsSource | null,
  ) {}

  onModuleInit(): void {
    const metrics = this.metrics;
    if (!metrics?.enabled) return;
    const handler: ScrapeHandler = async (_request, reply) => reply.header('content-type', metrics.contentType).send(await metrics.scrape());
    const { path, requireAuthentication } = this.settings.metrics;
    // The route options AdminRoute gives a decorated handler, given to this one; Nest's adapter reads them from it.
    AdminRoute({ public: !requireAuthentication })(MetricsController.prototype, 'scrape', { value: handler });
    this.adapterHost.httpAdapter.get(path, handler);
  }
}
