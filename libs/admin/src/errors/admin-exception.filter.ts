import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GatewaySettings } from '#settings';
import { ADMIN_REALM_HEADER, type AdminErrorBody } from './admin-errors.js';
import { errorBodyOf } from './error-body.js';

/**
 * The one place admin API errors become responses (registered application-wide: the Nest
 * application is the admin API). It also sees errors raised before a handler runs — body
 * limits, unknown content types, unknown routes — so they get the same JSON shape.
 */
@Catch()
export class AdminExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('AdminApi');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly settings: GatewaySettings,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    let body = errorBodyOf(exception, this.settings.admin.maxUploadBytes);
    if (!body) {
      this.logger.error('Admin request failed', exception instanceof Error ? exception.stack : String(exception));
      body = { status: 500, code: 'admin.internal', message: 'the admin API failed to process the request' } satisfies AdminErrorBody;
    }
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    if (body.status === 401) httpAdapter.setHeader(response, 'WWW-Authenticate', ADMIN_REALM_HEADER);
    httpAdapter.reply(response, body, body.status);
  }
}
