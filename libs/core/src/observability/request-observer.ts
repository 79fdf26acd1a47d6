import type { IncomingMessage } from 'node:http';
import type { RequestRecord } from './request-record.js';

/**
 * Something that watches every data-plane request: the access log, the metrics, the tracer.
 * Called on the hot path, so it must not block or throw; it reads the record, never the
 * snapshot or DI. Provided as a list under REQUEST_OBSERVERS (one registry for the extension point).
 */
export interface RequestObserver {
  /** The request arrived and has its record: the tracer starts its span here (`record.trace`). */
  started?(record: RequestRecord, req: IncomingMessage): void;
  /** The response ended, completed or cut: the record's closing fields (status, bytes, duration) are set. */
  finished(record: RequestRecord): void;
}

/** `readonly RequestObserver[]`: what watches requests; empty when access log, metrics and tracing are all off. */
export const REQUEST_OBSERVERS = Symbol('REQUEST_OBSERVERS');
