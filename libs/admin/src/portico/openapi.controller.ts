import { Controller, Get, Header } from '@nestjs/common';
import { stringify } from 'yaml';
import { AdminRoute } from '../http/admin-route.js';
import { ADMIN_OPENAPI } from './admin-openapi.js';

/** The admin API's own description; no authentication, like the token endpoint. */
@Controller('portico/v1')
export class OpenApiController {
  private readonly yamlText = stringify(ADMIN_OPENAPI);

  @Get('openapi.yaml')
  @AdminRoute({ public: true })
  @Header('Content-Type', 'application/yaml; charset=utf-8')
  yaml(): string {
    return this.yamlText;
  }

  @Get('openapi.json')
  @AdminRoute({ public: true })
  json(): typeof ADMIN_OPENAPI {
    return ADMIN_OPENAPI;
  }
}
