import type { ForwardOutcome } from '../connector/connector.js';

/**
 * The span of one request while tracing is on: the data plane tells it about each try so the
 * backend call becomes a child span, and sends the try's `traceparent` to the backend (W3C
 * Trace Context). Absent when tracing is off, which then costs one undefined check per try.
 */
export interface RequestTrace {
  /** A try is about to be sent to `url`: returns the `traceparent` value for its request. */
  tryStarted(url: string, attempt: number): string;
  /** The try settled: its response status or failure. */
  tryEnded(outcome: ForwardOutcome): void;
}
