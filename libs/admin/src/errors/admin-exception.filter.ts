import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GatewaySettings } from '#settings';
import { AUDIT_TRAIL, type AuditTrail } from '#core';
import { type AuditedRequest, deploymentAuditEvent } from '../audit/deployment-audit.js';
import { ApiRejectedError } from '../deploy/api-rejection.js';
import { ADMIN_REALM_HEADER, type AdminErrorBody, AdminHttpError } from './admin-errors.js';
import { errorBodyOf } from './error-body.js';
import { rejectedChangeLine } from './rejected-change-line.js';

/**
 * The one place admin API errors become responses (registered application-wide: the Nest
 * application is the admin API). It also sees errors raised before a handler runs — body
 * limits, unknown content types, unknown routes — so they get the same JSON shape, and it
 * logs the one line of every refused deploy and undeploy.
 */
@Catch()
export class AdminExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('AdminApi');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly settings: GatewaySettings,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<AuditedRequest>();
    let body = errorBodyOf(exception, this.settings.admin.maxUploadBytes);
    if (body) {
      const rejected = rejectedChangeLine(request, body, exception);
      if (rejected) this.logger.warn(rejected);
    } else {
      body = { status: 500, code: 'admin.internal', message: 'the admin API failed to process the request' } satisfies AdminErrorBody;
      // A deploy that failed this way is still told in one line, with the stack.
      const line = rejectedChangeLine(request, body, exception) ?? 'Admin request failed';
      this.logger.error(line, exception instanceof Error ? exception.stack : String(exception));
    }
    const target = exception instanceof ApiRejectedError ? exception.api : undefined;
    const event = deploymentAuditEvent(request, body.status, { target, code: body.code, detail: body.message });
    if (event) this.audit.record(event);
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    if (body.status === 401) httpAdapter.setHeader(response, 'WWW-Authenticate', ADMIN_REALM_HEADER);
    if (exception instanceof AdminHttpError) for (const [name, value] of Object.entries(exception.headers)) httpAdapter.setHeader(response, name, value);
    httpAdapter.reply(response, body, body.status);
  }
}
