import { closeSync, fsyncSync, mkdirSync, openSync, write, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { hookSink, unhookSink } from '../logging/sink-process-hooks.js';

/** Lines kept waiting while a write is in flight, at most (bytes of text); past it lines are dropped and counted. */
const MAX_PENDING = 16 * 1024 * 1024;
/** A batch is written at least this often when traffic is light (ms). */
const FLUSH_INTERVAL_MS = 200;
/** A batch this long is written at once, without waiting for the interval. */
const BATCH_BYTES = 16 * 1024;
/** Linux's atomic pipe write size. */
const PIPE_BUF = 4096;

/**
 * The access log's writer: lines are appended to a batch and written together, one write in
 * flight at a time, so a request costs a string append rather than a write (measured: about a
 * third of the CPU per line of a sonic-boom stream taking each line). A file is opened for
 * appending and reopened on SIGHUP. Buffered lines are written at close and, synchronously,
 * when the process exits.
 */
export class AccessLogWriter {
  private pending = '';
  private writing = false;
  private dropped = 0;
  private failed = false;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private fd: number,
    /** The file, for reopening; undefined for stdout and stderr. */
    private readonly file: string | undefined,
  ) {
    this.timer = setInterval(() => this.flush(), FLUSH_INTERVAL_MS).unref();
    hookSink(this, file !== undefined);
  }

  static standard(fd: 1 | 2): AccessLogWriter {
    return new AccessLogWriter(fd, undefined);
  }

  /** Opens `path` for appending (throws when it cannot be opened). */
  static file(path: string): AccessLogWriter {
    mkdirSync(dirname(path), { recursive: true });
    return new AccessLogWriter(openSync(path, 'a'), path);
  }

  write(line: string): void {
    if (this.pending.length > MAX_PENDING) {
      this.dropped++;
      return;
    }
    this.pending += line;
    if (!this.writing && this.pending.length >= BATCH_BYTES) this.flush();
  }

  /** Everything buffered, now, blocking (at exit and close). */
  flushSync(): void {
    if (this.pending === '' || this.fd < 0) return;
    const data = this.pending;
    this.pending = '';
    writeSync(this.fd, data);
  }

  /** logrotate moved the file: write what is buffered to it, then open the path again. */
  reopen(): void {
    if (this.file === undefined) return;
    this.flushSync();
    const old = this.fd;
    this.fd = openSync(this.file, 'a');
    // A write in flight still holds the old descriptor: close it once that write is done.
    if (this.writing) setTimeout(() => closeSync(old), 1000).unref();
    else closeSync(old);
  }

  close(): void {
    clearInterval(this.timer);
    unhookSink(this);
    this.flushSync();
    if (this.file !== undefined && this.fd >= 0) {
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = -1;
    }
  }

  private flush(): void {
    if (this.writing || this.pending === '' || this.fd < 0) return;
    // Everything waiting goes in one conversion: converting a backlog piece by piece would cost more the longer it gets.
    const data = Buffer.from(this.pending);
    this.pending = '';
    this.writeOut(data);
  }

  /**
   * A standard stream is often a pipe that worker processes share (`workers`): a write of at most
   * PIPE_BUF bytes is atomic there, so it is written in pieces that end a line and fit, and lines
   * of two processes never interleave. A file is opened for appending: each write lands whole.
   */
  private writeOut(data: Buffer): void {
    const length = this.file === undefined ? lineEndWithin(data, PIPE_BUF) : data.length;
    this.writing = true;
    write(this.fd, data, 0, length, null, (error, written) => {
      this.writing = false;
      if (error) this.report(error);
      const rest = error ? undefined : data.subarray(written);
      if (rest !== undefined && rest.length > 0 && this.fd >= 0) return this.writeOut(rest);
      if (this.dropped > 0) this.reportDropped();
      if (this.pending.length >= BATCH_BYTES) this.flush();
    });
  }

  /** A failing destination says so once on stderr (the access log cannot log through itself) and keeps trying. */
  private report(error: Error): void {
    if (this.failed) return;
    this.failed = true;
    process.stderr.write(`portico: cannot write access log lines to ${this.file ?? 'the standard stream'}: ${error.message}\n`);
  }

  private reportDropped(): void {
    process.stderr.write(`portico: ${this.dropped} access log line(s) dropped: ${this.file ?? 'the standard stream'} does not keep up\n`);
    this.dropped = 0;
  }
}

/** The length of the longest start of `data` that ends a line and fits in `limit` bytes (a longer first line: that line). */
export function lineEndWithin(data: Buffer, limit: number): number {
  if (data.length <= limit) return data.length;
  const last = data.lastIndexOf(0x0a, limit - 1);
  if (last >= 0) return last + 1;
  const first = data.indexOf(0x0a, limit);
  return first >= 0 ? first + 1 : data.length;
}
