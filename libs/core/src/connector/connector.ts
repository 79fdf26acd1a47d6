import type { IncomingMessage } from 'node:http';
import type { Duplex, Readable, Writable } from 'node:stream';
import type { Principal } from '../contracts/consumer-security.js';
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

/**
 * One try of a request, as a connector sees it: path rewritten and headers prepared by the data
 * plane for the endpoint the routing policy picked. A retry is a new UpstreamRequest (same
 * connector, maybe another endpoint); connectors never decide retries or failover.
 */
export interface UpstreamRequest {
  /** Index of the chosen endpoint in the cluster's endpoint set (-1 when the set has none). */
  readonly endpoint: number;
  readonly method: string;
  /** Upstream path and query: endpoint base path + resource path + query string. */
  readonly path: string;
  readonly headers: HeaderMap;
  /**
   * The client's request body, streamed (a replay of its buffered start on a retry); null when
   * the request has none. A connector may destroy it: each try gets its own stream.
   */
  readonly body: Readable | null;
  /** Requested when the client goes away or the gateway gives up on this try. */
  readonly cancellation: Cancellation;
  /** A backstop for the time until the response head, in ms: the data plane times the request's tries itself. */
  readonly timeoutMs: number;
  /** The matched operation (undefined for requests the definition does not declare, e.g. OPTIONS). */
  readonly operation: Operation | undefined;
  /**
   * The caller as the operation's security verified it (subject, key type, scopes, claims), for
   * what a connector sends on the caller's behalf (backend JWT, audit); undefined where the
   * resource's security is disabled.
   */
  readonly principal: Principal | undefined;
}

export interface ResponseHead {
  readonly statusCode: number;
  readonly headers: HeaderMap;
}

/** Where a connector delivers its answer; implemented by the data plane (one per try). */
export interface ResponseTarget {
  /**
   * Called at most once, when the response head is known. The target writes the head to the
   * client (dropping hop-by-hop headers) and returns the stream the body must be written to, or
   * returns null to decline it: the status is one the route retries and tries remain. A
   * connector then reads and drops the body (or closes the connection) and settles with the
   * `response` outcome as usual.
   */
  accept(head: ResponseHead): Writable | null;
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

/**
 * One try of a protocol upgrade (a WebSocket handshake), handed to a connector after routing,
 * security and key-type selection, as a try of a request is (ARCHITECTURE §4). The connector
 * opens the backend side first and touches the client only once the backend accepted, so a try
 * that fails can move to another member and the data plane can still answer the client.
 */
export interface UpgradeRequest {
  /** Index of the chosen endpoint in the cluster's endpoint set. */
  readonly endpoint: number;
  /** Upstream path and query: endpoint base path + mapped resource path + the client's query. */
  readonly path: string;
  /**
   * Headers for the backend's handshake: the client's, without hop-by-hop and WebSocket handshake
   * headers (the connector makes its own), with `host`, forwarding headers and backend credentials.
   */
  readonly headers: HeaderMap;
  /** Sub-protocols the client offered (`Sec-WebSocket-Protocol`), in its order; offered to the backend as they are. */
  readonly protocols: readonly string[];
  /** The client's handshake request, its socket and the bytes read past its head. */
  readonly client: { readonly request: IncomingMessage; readonly socket: Duplex; readonly head: Buffer };
  /** Requested when the client goes away before the backend answered, or the gateway gives up (then also while connected: shutdown, drain). */
  readonly cancellation: Cancellation;
  /** Time for the backend to complete its handshake, in ms. */
  readonly timeoutMs: number;
  readonly operation: Operation | undefined;
  readonly principal: Principal | undefined;
  /** Called once when an established connection ends (either side closed, idle timeout, cancellation). */
  readonly ended: (end: ConnectionEnd) => void;
}

/** How an established connection ended: for the log line of a connection cut for breaking the rules (and later the access log). */
export interface ConnectionEnd {
  /** Who closed first: a side (its close frame, or its connection lost), or the gateway itself. */
  readonly closedBy: 'client' | 'backend' | 'gateway';
  /** The status the gateway closed with, when it closed. */
  readonly code?: number;
  readonly reason?: string;
  /** The side whose frames broke the protocol or the limits, when that was why the gateway closed. */
  readonly offender?: 'client' | 'backend';
}

/**
 * What an upgrade try came to. `upgraded`: both sides are connected and frames flow (the
 * connection goes on until `ended`). `refused`: the backend answered the handshake with another
 * status, which the connector passed to the client as it was. `answered`: the connector answered
 * the client itself without contacting the backend (an invalid client handshake), which says
 * nothing about the backend's health. `failure`: nothing reached the client; the data plane may
 * try another member or answer itself.
 */
export type UpgradeOutcome =
  | { readonly kind: 'upgraded' }
  | { readonly kind: 'refused'; readonly statusCode: number }
  | { readonly kind: 'answered'; readonly statusCode: number }
  | { readonly kind: 'failure'; readonly failure: UpstreamFailureKind; readonly cause?: unknown };

export interface ProbeResult {
  readonly healthy: boolean;
  /** Why the probe failed, for the admin health view and the log. */
  readonly detail?: string;
}

/**
 * Talks to the backends of one endpoint set (one cluster). Created at deploy time by a
 * ConnectorFactory; reports outcomes and never decides retries or failover itself.
 */
export interface Connector {
  forward(request: UpstreamRequest, target: ResponseTarget): Promise<ForwardOutcome>;
  /** Present on connectors that accept protocol upgrades (WebSocket): one try of a handshake. */
  upgrade?(request: UpgradeRequest): Promise<UpgradeOutcome>;
  /**
   * Present on connectors that can probe an endpoint's health (spec §8.2): a connect (TCP, and
   * TLS for secure schemes) when `path` is undefined, else a GET of `path` that must answer 2xx
   * or 3xx. Never throws: a failed probe resolves to `{ healthy: false, detail }`.
   */
  probe?(endpoint: number, path: string | undefined, signal: AbortSignal): Promise<ProbeResult>;
  /** Releases pools, sockets and timers; safe to call more than once. */
  dispose(): Promise<void>;
}
