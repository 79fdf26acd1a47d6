import { Body, Controller, Headers, HttpCode, Inject, Optional, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { stringify } from 'yaml';
import { DEFINITION_LOADER, type DefinitionLoader, DeployRejectedError, WSDL_OPENAPI_GENERATOR, type WsdlOpenApiGenerator } from '#core';
import { AdminHttpError } from '../errors/admin-errors.js';
import { AdminRoute } from '../http/admin-route.js';
import { adminValidationPipe } from '../http/admin-validation.pipe.js';
import { SoapOpenApiQuery } from './soap-openapi-query.js';
import { WSDL_OPENAPI_BODY_TYPES, wsdlOpenApiInput } from './wsdl-openapi-input.js';

/**
 * Start a REST-to-SOAP API from nothing but a WSDL (issue 19 item 5): the OpenAPI document of
 * its REST facade, mappings and endpoint filled in, ready for `POST /portico/v1/apis`. The
 * generator belongs to the `soap` connector; a gateway built without it answers 404.
 */
@Controller('portico/v1/soap')
export class PorticoSoapOpenApiController {
  constructor(
    @Inject(DEFINITION_LOADER) private readonly loader: DefinitionLoader,
    @Optional() @Inject(WSDL_OPENAPI_GENERATOR) private readonly generator?: WsdlOpenApiGenerator,
  ) {}

  @Post('openapi')
  @HttpCode(200)
  @AdminRoute({ bodyTypes: WSDL_OPENAPI_BODY_TYPES })
  async generate(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Query(adminValidationPipe('query')) query: SoapOpenApiQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (this.generator === undefined) {
      throw new AdminHttpError('admin.soap-not-installed', 'the soap connector is not installed in this gateway: it generates OpenAPI documents from WSDLs');
    }
    const input = await wsdlOpenApiInput(body, contentType, query.wsdl, this.loader);
    const outcome = await this.generator.generate(input, {
      ...(query.service !== undefined && { service: query.service }),
      ...(query.port !== undefined && { port: query.port }),
      ...(query.title !== undefined && { title: query.title }),
      ...(query.version !== undefined && { version: query.version }),
      ...(query.basePath !== undefined && { basePath: query.basePath }),
    });
    if ('problems' in outcome) throw new DeployRejectedError(outcome.problems);
    if ((query.format ?? formatOf(accept)) === 'json') {
      reply.type('application/json; charset=utf-8');
      return JSON.stringify(outcome.document, null, 2);
    }
    reply.type('application/yaml; charset=utf-8');
    return stringify(outcome.document, { aliasDuplicateObjects: false, lineWidth: 0 });
  }
}

/** JSON when the client asks for it and not for YAML; YAML otherwise (the usual format of a definition to edit). */
function formatOf(accept: string | undefined): 'yaml' | 'json' {
  const types = (accept ?? '').split(',').map((part) => part.split(';')[0].trim().toLowerCase());
  return types.includes('application/json') && !types.some((type) => type.includes('yaml')) ? 'json' : 'yaml';
}
