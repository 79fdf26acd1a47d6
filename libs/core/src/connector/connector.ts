import type { Duplex, Readable, Writable } from 'node:stream';
import type { Operation } from '../model/api-definition.js';

/** Header map with lower-case names, as Node and undici produce them. */
export type HeaderMap = Record<string, string | string[] | undefined>;

/**
 * How the data plane cancels an attempt when the client goes away. Deliberately lighter than an
 * AbortSignal per request (measured: an AbortController per request cost ~25 µs of CPU and GC).
 */
export interface Cancellation {
  /** True once the client has gone away (or the gateway gave up on the request). */
  readonly requested: boolean;
  /** Registers the cancel function of the attempt in progress; runs it at once if already requested. */
  onCancel(cancel: (reason: Error) => void): void;
}

/** A request ready to go upstream: path rewritten, headers prepared by the data plane. */
export interface UpstreamRequest {
  /** Index of the chosen endpoint in the cluster's endpoint set (-1 when the set has none). */
  readonly endpoint: number;
  readonly method: string;
  /** Upstream path and query: endpoint base path + resource path + query string. */
  readonly path: string;
  readonly headers: HeaderMap;
  /** The client's request body, streamed; null when the request has none. */
  readonly body: Readable | null;
  /** Requested when the client goes away or the gateway gives up on the request. */
  readonly cancellation: Cancellation;
  /** Time allowed until the response head arrives, in ms. */
  readonly timeoutMs: number;
  /** The matched operation (undefined for requests the definition does not declare, e.g. OPTIONS). */
  readonly operation: Operation | undefined;
}

export interface ResponseHead {
  readonly statusCode: number;
  readonly headers: HeaderMap;
}

/** Where a connector delivers its answer; implemented by the data plane. */
export interface ResponseTarget {
  /**
   * Called at most once, when the response head is known. The target writes the head to the
   * client (dropping hop-by-hop headers) and returns the stream the body must be written to.
   */
  accept(head: ResponseHead): Writable;
}

/** Typed reasons an attempt produced no response (mapped to errors in one place, spec §16.2). */
export type UpstreamFailureKind =
  | 'connect' // refused, unreachable, DNS, connect timeout, TLS handshake
  | 'timeout' // no response head within the timeout
  | 'reset' // connection reset by the backend
  | 'termination' // connection closed by the backend before a response
  | 'protocol' // the backend's answer is not valid HTTP
  | 'overflow' // admission limit reached
  | 'denied' // upstream.destinations refuses the resolved address or port, or it is the gateway's own listener
  | 'aborted'; // the request was aborted (client gone, gateway shutting down)

export type ForwardOutcome =
  | { readonly kind: 'response'; readonly statusCode: number }
  | {
      readonly kind: 'failure';
      readonly failure: UpstreamFailureKind;
      /** True when the response head had already been accepted: the client response is broken. */
      readonly headSent: boolean;
      readonly cause?: unknown;
    };

/** A protocol upgrade (WebSocket) handed to a connector after routing and security. */
export interface UpgradeRequest {
  readonly endpoint: number;
  readonly path: string;
  readonly headers: HeaderMap;
  readonly socket: Duplex;
  readonly head: Buffer;
  readonly cancellation: Cancellation;
}

/**
 * Talks to the backends of one endpoint set (one cluster). Created at deploy time by a
 * ConnectorFactory; reports outcomes and never decides retries or failover itself.
 */
export interface Connector {
  forward(request: UpstreamRequest, target: ResponseTarget): Promise<ForwardOutcome>;
  /** Present on connectors that accept protocol upgrades (WebSocket). */
  upgrade?(request: UpgradeRequest): Promise<ForwardOutcome>;
  /** Present on connectors that can probe an endpoint's health. */
  probe?(endpoint: number, signal: AbortSignal): Promise<boolean>;
  /** Releases pools, sockets and timers; safe to call more than once. */
  dispose(): Promise<void>;
}
