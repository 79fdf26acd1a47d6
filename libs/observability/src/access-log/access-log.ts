import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EXIT_CODES, type RequestObserver, type RequestRecord, StartupError } from '#core';
import { GatewaySettings, resolveSettingsPath } from '#settings';
import { AccessLogWriter } from './access-log-writer.js';
import { ACCESS_LOG_FORMATS, type AccessLogFormat } from './access-log-line.js';

/**
 * One line per data-plane request (`accessLog`), written when its response ends, in batches
 * (AccessLogWriter), asynchronously, so a slow disk never holds a request up. The line's time is
 * that of the response's end.
 */
@Injectable()
export class AccessLog implements RequestObserver, OnModuleInit, OnApplicationShutdown {
  readonly enabled: boolean;
  private readonly format: AccessLogFormat;
  private writer: AccessLogWriter | undefined;
  /** The ISO time of the last line, reused within the same millisecond. */
  private lastMs = 0;
  private lastTime = '';

  constructor(private readonly settings: GatewaySettings) {
    this.enabled = settings.accessLog.enabled;
    this.format = ACCESS_LOG_FORMATS[settings.accessLog.format];
  }

  onModuleInit(): void {
    if (!this.enabled) return;
    const destination = this.settings.accessLog.destination;
    if (destination === 'stdout' || destination === 'stderr') {
      this.writer = AccessLogWriter.standard(destination === 'stdout' ? 1 : 2);
      return;
    }
    const path = resolveSettingsPath(this.settings, destination);
    try {
      this.writer = AccessLogWriter.file(path);
    } catch (error) {
      throw new StartupError(`accessLog.destination: cannot open ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}); choose a writable file`, EXIT_CODES.config);
    }
  }

  finished(record: RequestRecord): void {
    this.writer?.write(this.format(record, this.now()));
  }

  onApplicationShutdown(): void {
    this.writer?.close();
    this.writer = undefined;
  }

  private now(): string {
    const now = Date.now();
    if (now !== this.lastMs) {
      this.lastMs = now;
      this.lastTime = new Date(now).toISOString();
    }
    return this.lastTime;
  }
}
