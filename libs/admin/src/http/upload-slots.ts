/**
 * A count of request bodies being read at once. Each may be admin.maxUploadBytes in memory, so
 * the count bounds what uploads can hold, whoever sends them.
 */
export class UploadSlots {
  private used = 0;

  constructor(readonly capacity: number) {}

  /** A release function (idempotent), or undefined when every slot is taken. */
  take(): (() => void) | undefined {
    if (this.used >= this.capacity) return undefined;
    this.used++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used--;
    };
  }

  get inUse(): number {
    return this.used;
  }
}
