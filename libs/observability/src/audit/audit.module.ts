import { Module } from '@nestjs/common';
import { AUDIT_TRAIL } from '#core';
import { AuditLog } from './audit-log.js';

/** The admin audit log, under the core token AUDIT_TRAIL the admin API injects (needs GatewaySettings from the global SettingsModule). */
@Module({ providers: [AuditLog, { provide: AUDIT_TRAIL, useExisting: AuditLog }], exports: [AuditLog, AUDIT_TRAIL] })
export class AuditModule {}
