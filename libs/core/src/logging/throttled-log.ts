interface OpenWindow {
  readonly timer: ReturnType<typeof setTimeout>;
  more: number;
  last: string;
}

/**
 * Log lines an attacker could make by the thousand (refused connections, refused hosts): the
 * first line of a kind is written at once; the others of that kind within `windowMs` are only
 * counted, and one line at the end of the window says how many there were and shows the last.
 * So each kind writes at most two lines per window, whatever the rate, and none is lost silently.
 */
export class ThrottledLog {
  private readonly open = new Map<string, OpenWindow>();

  constructor(
    private readonly write: (line: string) => void,
    private readonly windowMs = 60_000,
  ) {}

  /** `kind` groups the lines that share a window, e.g. `admin.host-not-allowed`. */
  note(kind: string, line: string): void {
    const window = this.open.get(kind);
    if (window) {
      window.more++;
      window.last = line;
      return;
    }
    this.write(line);
    const timer = setTimeout(() => this.flush(kind), this.windowMs);
    // A pending summary is no reason to keep the process alive.
    timer.unref();
    this.open.set(kind, { timer, more: 0, last: line });
  }

  /** Writes the pending summaries now and stops the timers. */
  close(): void {
    for (const kind of [...this.open.keys()]) this.flush(kind);
  }

  private flush(kind: string): void {
    const window = this.open.get(kind);
    if (!window) return;
    clearTimeout(window.timer);
    this.open.delete(kind);
    if (window.more > 0) this.write(`${window.more} more like this in ${Math.round(this.windowMs / 1000)} s, the last: ${window.last}`);
  }
}
