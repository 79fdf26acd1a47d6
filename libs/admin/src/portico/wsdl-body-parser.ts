import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { GatewaySettings } from '#settings';

/** Content types of a WSDL posted as it is. */
export const WSDL_MEDIA_TYPES = ['text/xml', 'application/xml', 'application/wsdl+xml'] as const;

/**
 * Reads WSDL bodies as raw bytes, like AdminBodyParsers does for definitions: only the routes that
 * declare these types accept them (AdminRequestGate refuses them elsewhere before they are read).
 */
@Injectable()
export class WsdlBodyParser implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly settings: GatewaySettings,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const missing = WSDL_MEDIA_TYPES.filter((type) => !fastify.hasContentTypeParser(type));
    if (missing.length === 0) return;
    fastify.addContentTypeParser(missing, { parseAs: 'buffer', bodyLimit: this.settings.admin.maxUploadBytes }, (_request, body, done) => done(null, body));
  }
}
