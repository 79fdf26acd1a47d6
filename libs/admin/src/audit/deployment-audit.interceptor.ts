import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import { type Observable, tap } from 'rxjs';
import { AUDIT_TRAIL, type AuditTrail } from '#core';
import { type AuditedRequest, deploymentAuditEvent } from './deployment-audit.js';

/**
 * The audit event of every deploy and undeploy that succeeded, on either admin API. Refused and
 * failed ones are recorded by the exception filter, which sees every error, including those
 * raised before a handler runs.
 */
@Injectable()
export class DeploymentAuditInterceptor implements NestInterceptor {
  constructor(
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<AuditedRequest>();
    return next.handle().pipe(
      tap((answer) => {
        // @HttpCode is applied after interceptors; a handler that sets the status itself leaves it on the reply.
        const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? http.getResponse<{ statusCode: number }>().statusCode;
        const event = deploymentAuditEvent(request, status, { answer });
        if (event) this.audit.record(event);
      }),
    );
  }
}
