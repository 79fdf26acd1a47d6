import { Controller, Delete, Get, HttpCode, Post, Query, Req, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { AnyFilesInterceptor, type UploadedMultipartFile } from '@nestjs/platform-fastify/multipart';
import { type ApiType, DeployRejectedError } from '#core';
import type { AuditedRequest } from '../audit/deployment-audit.js';
import { DeployPipeline } from '../deploy/deploy-pipeline.js';
import { AdminHttpError } from '../errors/admin-errors.js';
import { AdminRoute } from '../http/admin-route.js';
import { adminValidationPipe } from '../http/admin-validation.pipe.js';
import { AdapterDeployQuery, AdapterListQuery, AdapterUndeployQuery, splitEnvironments } from './adapter-queries.js';

export interface AdapterApiListItem {
  readonly apiName: string;
  readonly version: string;
  readonly apiType: ApiType;
  readonly context: string;
  readonly 'gateway-envs': readonly string[];
  readonly vhost: string;
}

export interface AdapterApiList {
  readonly total: number;
  readonly count: number;
  readonly list: readonly AdapterApiListItem[];
}

const TYPE_FILTERS: Readonly<Record<string, ApiType>> = { 'type:http': 'HTTP', 'type:ws': 'WS', 'type:soap': 'SOAP', 'type:graphql': 'GRAPHQL' };

/**
 * Choreo Connect's adapter API for apictl: deploy, undeploy, list (spec §4.2). Credentials are
 * checked from the request head by AdminRequestGate, before any body is read.
 */
@Controller('api/mgw/adapter/0.1/apis')
export class AdapterApisController {
  constructor(private readonly pipeline: DeployPipeline) {}

  @Post()
  @HttpCode(200)
  // multipart is what apictl sends; browsers can send it cross-site too, which the Origin check refuses.
  @AdminRoute({ bodyTypes: ['multipart/form-data'] })
  // Any file field is accepted here so that a project sent under another name is reported as the missing `file` field.
  @UseInterceptors(AnyFilesInterceptor())
  async deploy(
    @UploadedFiles() files: UploadedMultipartFile[] | undefined,
    @Query(adminValidationPipe('query')) query: AdapterDeployQuery,
    @Req() request: AuditedRequest,
  ): Promise<void> {
    const file = files?.find((f) => f.fieldname === 'file');
    if (!file?.buffer) {
      const others = (files ?? []).map((f) => f.fieldname);
      const got = others.length === 0 ? '' : ` (got ${others.map((n) => `"${n}"`).join(', ')})`;
      throw new DeployRejectedError([
        { code: 'artifact.file-field-missing', message: `send the zipped API project in the multipart form field "file"${got}` },
      ]);
    }
    const summary = await this.pipeline.deploy({ kind: 'upload', bytes: file.buffer, format: 'zip', name: file.originalname }, { override: query.override === 'true' });
    // The answer is empty (as Choreo Connect's): the audit learns the API from the request.
    request.auditTarget = `${summary.name}:${summary.version}`;
  }

  @Delete()
  @HttpCode(200)
  async undeploy(@Query(adminValidationPipe('query')) query: AdapterUndeployQuery): Promise<void> {
    await this.pipeline.undeploy(query.apiName, query.version, {
      vhost: query.vhost,
      environments: splitEnvironments(query.environments),
    });
  }

  @Get()
  list(@Query(adminValidationPipe('query')) query: AdapterListQuery): AdapterApiList {
    let type: ApiType | undefined;
    if (query.query) {
      type = TYPE_FILTERS[query.query.toLowerCase()];
      if (!type) {
        throw new AdminHttpError('admin.parameter-invalid', 'invalid query parameters', [
          { code: 'admin.parameter-invalid', message: `query must be one of ${Object.keys(TYPE_FILTERS).join(', ')}`, location: 'query.query' },
        ]);
      }
    }
    const items = this.pipeline
      .list()
      .filter((r) => type === undefined || r.loaded.api.type === type)
      .map(
        (r): AdapterApiListItem => ({
          apiName: r.name,
          version: r.version,
          apiType: r.loaded.api.type,
          context: r.loaded.api.basePath,
          'gateway-envs': [r.environment],
          vhost: r.vhost,
        }),
      )
      .sort((a, b) => a.apiName.localeCompare(b.apiName) || a.version.localeCompare(b.version) || a.vhost.localeCompare(b.vhost));
    const list = query.limit === undefined ? items : items.slice(0, query.limit);
    return { total: items.length, count: list.length, list };
  }
}
