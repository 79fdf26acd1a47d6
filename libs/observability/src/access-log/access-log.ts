import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { RequestObserver, RequestRecord } from '#core';
import { GatewaySettings } from '#settings';
import type { LogSink } from '../logging/log-sink.js';
import { openSink } from '../logging/pino-logger.js';
import { ACCESS_LOG_FORMATS, type AccessLogFormat } from './access-log-line.js';

/**
 * One line per data-plane request (`accessLog`), written when its response ends. Lines go to a
 * sink of their own (stdout, stderr or a file), asynchronously, so a slow disk never holds a
 * request up. The line's time is that of the response's end.
 */
@Injectable()
export class AccessLog implements RequestObserver, OnModuleInit, OnApplicationShutdown {
  readonly enabled: boolean;
  private readonly format: AccessLogFormat;
  private sink: LogSink | undefined;
  /** The ISO time of the last line, reused within the same millisecond. */
  private lastMs = 0;
  private lastTime = '';

  constructor(private readonly settings: GatewaySettings) {
    this.enabled = settings.accessLog.enabled;
    this.format = ACCESS_LOG_FORMATS[settings.accessLog.format];
  }

  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    this.sink = await openSink(this.settings.accessLog.destination, this.settings, 'accessLog.destination');
  }

  finished(record: RequestRecord): void {
    this.sink?.write(this.format(record, this.now()));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sink?.close();
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
