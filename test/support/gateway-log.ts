import { existsSync, readFileSync } from 'node:fs';

/** One JSON line of the gateway's log (`logging.format: json`): every process writes its pid. */
export interface LogLine {
  readonly level: string;
  readonly pid: number;
  readonly context?: string;
  readonly msg: string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The log file a gateway and its workers append to (`logging.destination`), read as a user
 * would: lines are written asynchronously, so a line is waited for (a bounded number of reads).
 */
export class GatewayLog {
  constructor(readonly file: string) {}

  lines(): LogLine[] {
    if (!existsSync(this.file)) return [];
    const lines: LogLine[] = [];
    for (const text of readFileSync(this.file, 'utf8').split('\n')) {
      // The last line may still be half written.
      try {
        if (text !== '') lines.push(JSON.parse(text) as LogLine);
      } catch {
        continue;
      }
    }
    return lines;
  }

  /** The first line `match` accepts, waiting for it (at most `attempts` reads, 50 ms apart). */
  async waitFor(match: (line: LogLine) => boolean, what: string, attempts = 600): Promise<LogLine> {
    for (let i = 0; i < attempts; i++) {
      const found = this.lines().find(match);
      if (found !== undefined) return found;
      await pause(50);
    }
    throw new Error(`no log line ${what} in ${this.file}; the last lines:\n${this.lines().slice(-15).map((l) => `${l.pid} ${l.msg}`).join('\n')}`);
  }

  /** The captured numbers of the first line whose message matches `pattern`. */
  async waitForMessage(pattern: RegExp): Promise<RegExpExecArray> {
    const line = await this.waitFor((l) => pattern.test(l.msg), `matching ${pattern}`);
    return pattern.exec(line.msg)!;
  }
}
