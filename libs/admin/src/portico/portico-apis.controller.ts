import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DeployRejectedError } from '#core';
import { DefinitionReader } from '../deploy/definition-reader.js';
import { DeployPipeline } from '../deploy/deploy-pipeline.js';
import type { DeploymentRecord, DeploySummary } from '../deploy/deployment-record.js';
import { splitEnvironments } from '../adapter/adapter-queries.js';
import { adminValidationPipe } from '../http/admin-validation.pipe.js';
import { AdminRoute } from '../http/admin-route.js';
import { ADMIN_BODY_MEDIA_TYPES, uploadInput } from '../http/upload-input.js';
import { type ApiDetailView, type ApiListItemView, detailView, groupByApi, latestOf, listItemView } from './api-views.js';
import { PorticoDeployQuery, PorticoListQuery, PorticoTargetQuery, PorticoUndeployQuery } from './portico-queries.js';

export const PORTICO_API_BASE = '/portico/v1';

export function apiLocation(name: string, version: string): string {
  return `${PORTICO_API_BASE}/apis/${encodeURIComponent(name)}/${encodeURIComponent(version)}`;
}

/**
 * Portico's own admin API: one resource per API (`/apis/:name/:version`), raw definitions as
 * bodies. Credentials are checked from the request head by AdminRequestGate, before any body is read.
 */
@Controller('portico/v1/apis')
export class PorticoApisController {
  constructor(
    private readonly pipeline: DeployPipeline,
    private readonly definitions: DefinitionReader,
  ) {}

  @Post()
  @AdminRoute({ bodyTypes: ADMIN_BODY_MEDIA_TYPES })
  async create(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query(adminValidationPipe('query')) query: PorticoDeployQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeploySummary> {
    const summary = await this.pipeline.deploy(uploadInput(body, contentType), {
      override: query.override === 'true',
      environment: query.environment,
      vhost: query.vhost,
    });
    return created(reply, summary);
  }

  /** Create or replace; the artifact must define the API named in the path. */
  @Put(':name/:version')
  @AdminRoute({ bodyTypes: ADMIN_BODY_MEDIA_TYPES })
  async put(
    @Param('name') name: string,
    @Param('version') version: string,
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query(adminValidationPipe('query')) query: PorticoTargetQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeploySummary> {
    const summary = await this.pipeline.deploy(uploadInput(body, contentType), {
      override: true,
      expect: { name, version },
      environment: query.environment,
      vhost: query.vhost,
    });
    return created(reply, summary);
  }

  @Get()
  list(@Query(adminValidationPipe('query')) query: PorticoListQuery): { total: number; list: ApiListItemView[] } {
    const needle = query.query?.toLowerCase();
    const list = groupByApi(this.pipeline.list())
      .map(listItemView)
      .filter((item) => query.type === undefined || item.type === query.type)
      .filter((item) => needle === undefined || item.name.toLowerCase().includes(needle) || item.basePath.toLowerCase().includes(needle));
    const offset = query.offset ?? 0;
    return { total: list.length, list: list.slice(offset, query.limit === undefined ? undefined : offset + query.limit) };
  }

  @Get(':name/:version')
  detail(@Param('name') name: string, @Param('version') version: string): ApiDetailView {
    return detailView(this.recordsOf(name, version));
  }

  @Get(':name/:version/definition')
  async definition(
    @Param('name') name: string,
    @Param('version') version: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.definitions.read(latestOf(this.recordsOf(name, version)));
    reply.type(file.contentType);
    return file.body;
  }

  @Delete(':name/:version')
  @HttpCode(204)
  async remove(
    @Param('name') name: string,
    @Param('version') version: string,
    @Query(adminValidationPipe('query')) query: PorticoUndeployQuery,
  ): Promise<void> {
    await this.pipeline.undeploy(name, version, { vhost: query.vhost, environments: splitEnvironments(query.environments, /[,:]/) });
  }

  private recordsOf(name: string, version: string): readonly DeploymentRecord[] {
    const records = this.pipeline.get(name, version);
    if (records.length === 0) throw new DeployRejectedError([{ code: 'api.not-found', message: `API ${name}:${version} is not deployed` }]);
    return records;
  }
}

/** 201 for a new API, 200 for a replacement; Location names the API's resource either way. */
function created(reply: FastifyReply, summary: DeploySummary): DeploySummary {
  reply.status(summary.created ? 201 : 200).header('Location', apiLocation(summary.name, summary.version));
  return summary;
}
