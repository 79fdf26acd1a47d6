import type { ClusterHandle, RouteMatch } from '../contracts/routing.js';
import type { RequestErrorSpec } from '../errors/request-errors.js';
import type { RequestTrace } from './request-trace.js';

/**
 * What one request did, filled in by the data plane as it goes and read once, when the request
 * ends, by the access log, the metrics and the tracer (ARCHITECTURE §4 step 6). One object with
 * every field set in the constructor, so all records share one shape and writing a field is a
 * plain store: the hot path pays a few assignments, not a lookup per observer.
 */
export class RequestRecord {
  /** The `X-Request-ID`: accepted from a trusted client or generated. */
  id: string;
  /** `performance.now()` when the request head was handed to the gateway. */
  readonly startedAt: number;
  readonly method: string;
  /** The normalised path once checked, the raw target before (never the query string: it may hold credentials). */
  path: string;
  readonly clientAddress: string;
  /** The matched route (API, resource); undefined when none matched. */
  route: RouteMatch | undefined = undefined;
  /** The authenticated key type; undefined for unsecured or unauthenticated requests. */
  keyType: string | undefined = undefined;
  cluster: ClusterHandle | undefined = undefined;
  /** The endpoint of the last try (index into the cluster's URLs), -1 before any. */
  endpoint = -1;
  /** Tries made on the cluster (retries and failovers included). */
  attempts = 0;
  /** `performance.now()` when the first try began (0 before). */
  firstTryAt = 0;
  /** From the first try to the accepted response head, retries included (ms); -1 when no backend answered. */
  upstreamMs = -1;
  /** The gateway's own error answered, if it answered one. */
  error: RequestErrorSpec | undefined = undefined;
  /** The request's span, while tracing is on. */
  trace: RequestTrace | undefined = undefined;
  /** The connection's byte counters where this request began (read: where the previous request ended, since a head is read before its request starts). */
  readonly bytesReadBefore: number;
  readonly bytesWrittenBefore: number;

  // Set when the request ends, before the observers read the record.
  /** The status sent: 101 for a WebSocket, 499 when the client went away before any answer (nginx's convention). */
  status = 0;
  /** False when the response was cut (client gone, backend broke off mid-body). */
  completed = false;
  /** Request and response bytes on the wire, heads included (a WebSocket's: the whole connection's). */
  bytesIn = 0;
  bytesOut = 0;
  /** From arrival to the end of the response (a WebSocket's: to the connection's close), in ms. */
  durationMs = 0;

  constructor(id: string, method: string, path: string, clientAddress: string, startedAt: number, bytesRead: number, bytesWritten: number) {
    this.id = id;
    this.method = method;
    this.path = path;
    this.clientAddress = clientAddress;
    this.startedAt = startedAt;
    this.bytesReadBefore = bytesRead;
    this.bytesWrittenBefore = bytesWritten;
  }

  /** A try of the request to `endpoint` (`url`) begins: returns the `traceparent` for it while tracing. */
  tryStarted(endpoint: number, url: string): string | undefined {
    this.endpoint = endpoint;
    if (this.attempts++ === 0) this.firstTryAt = performance.now();
    return this.trace?.tryStarted(url, this.attempts);
  }

  /**
   * The backend's answer was accepted for the client. `status` when it is not written through the
   * request's response object (a WebSocket handshake, answered on the socket).
   */
  answered(status?: number): void {
    if (this.firstTryAt > 0) this.upstreamMs = performance.now() - this.firstTryAt;
    if (status !== undefined) this.status = status;
  }
}
