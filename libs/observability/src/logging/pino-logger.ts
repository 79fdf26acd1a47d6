import type { LoggerService, LogLevel } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import { StartupError } from '#core';
import { type GatewaySettings, resolveSettingsPath } from '#settings';
import { AUDIT_LEVEL, levelsUpTo, PINO_LEVEL_OF, pinoThreshold } from './log-levels.js';
import { LogSink } from './log-sink.js';
import { nestLogCall } from './nest-log-call.js';
import { PrettyStream } from './pretty-stream.js';
import { REDACTED, redactionPaths } from './redaction-paths.js';

export type LogFormat = 'auto' | 'json' | 'pretty';

export interface PinoLoggerOptions {
  readonly sink: LogSink;
  readonly format: LogFormat;
  /** The Nest levels written (any subset; `levelsUpTo('log')` for `logging.level: log`). */
  readonly levels: readonly LogLevel[];
  /** Whether audit records are written (default true, whatever the levels). */
  readonly audit?: boolean;
}

/**
 * The gateway's Nest logger, on pino: `app.useLogger()` sends every `new Logger(context)` of the
 * code base through it. JSON lines by default (`{"level":"info","time":"…","pid":…,"hostname":…,
 * "context":"DataPlane","msg":"…"}`), pretty lines on a terminal; secrets in fields are redacted
 * and secrets in text scrubbed. Audit records are written whatever the levels are.
 */
export class PinoLogger implements LoggerService {
  private pino!: Logger<typeof AUDIT_LEVEL.name>;
  private enabled: ReadonlySet<LogLevel>;
  private sink: LogSink;

  constructor(private readonly options: PinoLoggerOptions) {
    this.enabled = new Set(options.levels);
    this.sink = options.sink;
    this.build();
  }

  /**
   * From `logging.*`. `levels` (startGateway's `logger` option) replaces the ones `logging.level`
   * gives; an embedder choosing levels that leave out `log` (a test kit keeping its output to
   * errors) gets no audit records in the log either.
   */
  static async fromSettings(settings: GatewaySettings, levels?: readonly LogLevel[]): Promise<PinoLogger> {
    const { destination, format, level } = settings.logging;
    return new PinoLogger({
      sink: await openSink(destination, settings, 'logging.destination'),
      format,
      levels: levels ?? levelsUpTo(level),
      audit: levels === undefined || levels.includes('log'),
    });
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest calls this when its levels change (`Logger.overrideLogger([...])`). */
  setLogLevels(levels: LogLevel[]): void {
    this.enabled = new Set(levels);
    this.pino.level = pinoThreshold(this.enabled);
  }

  isLevelEnabled(level: LogLevel): boolean {
    return this.enabled.has(level);
  }

  /** One audit record (context `Audit`), at a level above fatal, so always written. */
  audit(fields: object, msg: string): void {
    if (this.options.audit === false) return;
    this.pino.audit({ context: 'Audit', ...fields }, msg);
  }

  /** Writes the buffered lines now (synchronously). */
  flush(): void {
    this.sink.flushSync();
  }

  /**
   * Writes the buffered lines and closes a file destination. Lines logged afterwards (the Nest
   * logger is process-wide) go to stderr rather than nowhere.
   */
  async close(): Promise<void> {
    const sink = this.sink;
    if (sink.file !== undefined) {
      this.sink = LogSink.standard(2);
      this.build();
    }
    await sink.close();
  }

  private write(level: LogLevel, message: unknown, params: readonly unknown[]): void {
    if (!this.enabled.has(level) || reportedByItsCatcher(message, params)) return;
    const { fields, msg } = nestLogCall(message, params, level === 'error' || level === 'fatal');
    this.pino[PINO_LEVEL_OF[level]](fields, msg);
  }

  private build(): void {
    const pretty = this.options.format === 'pretty' || (this.options.format === 'auto' && this.sink.isTty);
    const stream: DestinationStream = pretty ? new PrettyStream(this.sink, this.sink.isTty) : this.sink.stream;
    this.pino = pino(
      {
        level: pinoThreshold(this.enabled),
        customLevels: { [AUDIT_LEVEL.name]: AUDIT_LEVEL.value },
        formatters: { level: (label) => ({ level: label }) },
        timestamp: pino.stdTimeFunctions.isoTime,
        // `err` is already plain and scrubbed (nest-log-call.ts); pino's serializer would re-read it.
        serializers: { err: (err: unknown) => err },
        redact: { paths: redactionPaths(), censor: REDACTED },
      },
      stream,
    );
  }
}

/**
 * Nest's ExceptionHandler logs whatever a provider throws while the application is created, stack
 * and all. A StartupError is the one line the process prints itself when it exits (apps' main.ts)
 * or the rejection an embedder of startGateway receives: logged here too, an operator would get it
 * twice, the copy on another stream and in another order.
 */
function reportedByItsCatcher(message: unknown, params: readonly unknown[]): boolean {
  return message instanceof StartupError && params.at(-1) === 'ExceptionHandler';
}

/** `stdout`, `stderr`, or a file path resolved like the other paths of the settings. */
export async function openSink(destination: string, settings: GatewaySettings, setting: string): Promise<LogSink> {
  if (destination === 'stdout') return LogSink.standard(1);
  if (destination === 'stderr') return LogSink.standard(2);
  return LogSink.file(resolveSettingsPath(settings, destination), setting);
}
