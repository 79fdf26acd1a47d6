import { isatty } from 'node:tty';
import pino from 'pino';
import { EXIT_CODES, StartupError } from '#core';
import { hookSink, unhookSink } from './sink-process-hooks.js';

type SonicBoom = ReturnType<typeof pino.destination>;

/**
 * Where log lines go: standard output, standard error or a file, written asynchronously
 * (sonic-boom) so a slow disk or pipe never holds a request up. Buffered lines are written at
 * close and, synchronously, when the process exits; a file is appended to and reopened on SIGHUP.
 */
export class LogSink {
  private failed = false;
  /** Set once a file sink is closing: sonic-boom throws on writes after that. */
  private closed = false;

  private constructor(
    readonly stream: SonicBoom,
    /** Colours are for terminals only, never for files or pipes. */
    readonly isTty: boolean,
    /** The absolute path of a file sink; undefined for stdout and stderr. */
    readonly file: string | undefined,
  ) {
    hookSink(this, file !== undefined);
    stream.on('error', (error: Error) => this.report(error));
  }

  /** stdout or stderr: one sink per descriptor for the whole process, never closed. */
  static standard(fd: 1 | 2): LogSink {
    let sink = standardSinks.get(fd);
    if (sink === undefined) {
      sink = new LogSink(pino.destination({ fd, sync: false }), isatty(fd), undefined);
      standardSinks.set(fd, sink);
    }
    return sink;
  }

  /** A file (created with its directory when missing), opened before this resolves so a wrong path fails the start. */
  static async file(path: string, setting: string): Promise<LogSink> {
    const refused = (error: NodeJS.ErrnoException) =>
      new StartupError(`${setting}: cannot open ${path} (${error.code ?? error.message}); choose a writable file`, EXIT_CODES.config);
    // sonic-boom would throw this one from a callback, out of reach.
    if (path.includes('\u0000')) throw refused(new Error('the path contains a NUL character'));
    let stream: SonicBoom;
    try {
      stream = pino.destination({ dest: path, sync: false, append: true, mkdir: true });
    } catch (error) {
      throw refused(error as NodeJS.ErrnoException);
    }
    await new Promise<void>((resolve, reject) => {
      stream.once('ready', resolve);
      stream.once('error', (error: NodeJS.ErrnoException) => reject(refused(error)));
    });
    stream.removeAllListeners('error');
    return new LogSink(stream, false, path);
  }

  write(line: string): void {
    if (!this.closed) this.stream.write(line);
  }

  flushSync(): void {
    if (!this.closed) this.stream.flushSync();
  }

  reopen(): void {
    if (this.file !== undefined && !this.closed) this.stream.reopen();
  }

  /** Writes what is buffered; a file is then closed (stdout and stderr stay open for the rest of the process). */
  async close(): Promise<void> {
    if (this.file === undefined) {
      try {
        this.flushSync();
      } catch {
        // A closed pipe: the lines have nowhere to go.
      }
      return;
    }
    unhookSink(this);
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve) => {
      this.stream.once('close', resolve);
      this.stream.once('error', () => resolve());
      this.stream.end();
    });
  }

  /** A failing sink says so once on stderr (it cannot log through itself) and keeps trying. */
  private report(error: Error): void {
    if (this.failed) return;
    this.failed = true;
    process.stderr.write(`portico: cannot write log lines to ${this.file ?? 'the standard stream'}: ${error.message}\n`);
  }
}

const standardSinks = new Map<1 | 2, LogSink>();
