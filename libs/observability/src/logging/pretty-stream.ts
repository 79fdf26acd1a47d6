import type { LogSink } from './log-sink.js';
import { prettyLine } from './pretty-line.js';

/**
 * A pino destination that turns each JSON line into a pretty line before the sink gets it.
 * Parsing again costs a little; pretty output is for a person at a terminal, not for volume.
 */
export class PrettyStream {
  constructor(
    private readonly sink: LogSink,
    private readonly colours: boolean,
  ) {}

  write(line: string): void {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      this.sink.write(line);
      return;
    }
    this.sink.write(`${prettyLine(record, this.colours)}\n`);
  }
}
