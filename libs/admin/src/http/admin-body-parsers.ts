import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { GatewaySettings } from '#settings';
import { ADMIN_BODY_MEDIA_TYPES } from './upload-input.js';

/**
 * Admin request bodies arrive as raw Buffers (JSON included): deploys keep the original
 * bytes of a document for persistence and `GET …/definition`, and each route decodes what
 * it expects. Bodies over `admin.maxUploadBytes` are refused with 413 before any handler runs.
 */
@Injectable()
export class AdminBodyParsers implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly settings: GatewaySettings,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    for (const type of ADMIN_BODY_MEDIA_TYPES) {
      if (fastify.hasContentTypeParser(type)) fastify.removeContentTypeParser(type);
    }
    fastify.addContentTypeParser(
      [...ADMIN_BODY_MEDIA_TYPES],
      { parseAs: 'buffer', bodyLimit: this.settings.admin.maxUploadBytes },
      (_request, body, done) => done(null, body),
    );
  }
}
