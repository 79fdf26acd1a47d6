import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { AuditEvent, AuditTrail } from '#core';
import { GatewaySettings } from '#settings';
import type { LogSink } from '../logging/log-sink.js';
import { openSink, PinoLogger } from '../logging/pino-logger.js';
import { auditRecord, auditSummary } from './audit-event.js';

/**
 * The admin audit log: who deployed, undeployed or logged in, from where, with what outcome.
 * `admin.audit.destination: log` writes each event through the gateway's logger (context
 * `Audit`, whatever `logging.level` says); a file path gets one JSON object per line, appended
 * and reopened on SIGHUP.
 */
@Injectable()
export class AuditLog implements AuditTrail, OnModuleInit, OnApplicationShutdown {
  private file?: LogSink;
  /** The Nest logger of the process, whichever it is when an event comes (startGateway installs PinoLogger). */
  private readonly logger = new Logger('Audit');

  constructor(private readonly settings: GatewaySettings) {}

  async onModuleInit(): Promise<void> {
    const { destination } = this.settings.admin.audit;
    if (destination !== 'log') this.file = await openSink(destination, this.settings, 'admin.audit.destination');
  }

  record(event: AuditEvent): void {
    const record = auditRecord(event);
    if (this.file !== undefined) {
      this.file.write(`${JSON.stringify(record)}\n`);
      return;
    }
    const target = this.logger.localInstance;
    // The log line has pino's own `time`: a second one would make the JSON ambiguous.
    const { time: _time, ...fields } = record;
    if (target instanceof PinoLogger) target.audit(fields, auditSummary(event));
    // Another logger (a test module's, say) has no level above its filters: `log` is the closest.
    else target?.log(`${auditSummary(event)} ${JSON.stringify(record)}`, 'Audit');
  }

  async onApplicationShutdown(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    await file?.close();
  }
}
