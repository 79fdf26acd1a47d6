import type { MemberState } from './cluster-directory.js';

/** The API an event is about, as the admin API names it. */
export interface GatewayEventApi {
  readonly id: string;
  readonly name: string;
  readonly version: string;
}

/** An API was deployed or redeployed (admin API or `apisDir`), or restored at boot. */
export interface ApiDeployedEvent {
  readonly type: 'api.deployed';
  readonly api: GatewayEventApi;
  readonly basePath: string;
  readonly environments: readonly string[];
  readonly vhosts: readonly string[];
  /** False: it replaced a deployment of the same API (a redeploy). */
  readonly created: boolean;
  readonly origin: 'admin' | 'file';
}

/** An API was removed from some (or all) of its vhosts. */
export interface ApiUndeployedEvent {
  readonly type: 'api.undeployed';
  readonly api: GatewayEventApi;
  readonly environments: readonly string[];
  readonly vhosts: readonly string[];
}

/** What moved a member from one state to another. */
export type HealthChangeCause = 'probe' | 'ejection' | 'readmission' | 'reset';

/** A cluster member's routing state changed (active probes, outlier ejection, its end, a reset). */
export interface EndpointHealthEvent {
  readonly type: 'endpoint.health';
  /** The cluster id of `GET /portico/v1/clusters`. */
  readonly cluster: string;
  readonly api: GatewayEventApi;
  /** The member's URL as deployed. */
  readonly member: string;
  readonly from: MemberState;
  readonly to: MemberState;
  readonly cause: HealthChangeCause;
  readonly lastError?: string;
  /** ISO 8601; when `to` is `ejected`. */
  readonly ejectedUntil?: string;
}

/** A cluster entered or left panic mode (too few members available: traffic goes to every member). */
export interface ClusterPanicEvent {
  readonly type: 'cluster.panic';
  readonly cluster: string;
  readonly api: GatewayEventApi;
  readonly panic: boolean;
  readonly available: number;
  readonly members: number;
}

/** A retired cluster's drain deadline passed: its held WebSocket connections were closed with 1001. */
export interface ClusterDrainedEvent {
  readonly type: 'cluster.drained';
  readonly cluster: string;
  readonly api: GatewayEventApi;
  readonly closed: number;
}

export type GatewayEvent = ApiDeployedEvent | ApiUndeployedEvent | EndpointHealthEvent | ClusterPanicEvent | ClusterDrainedEvent;

export type GatewayEventType = GatewayEvent['type'];

/** Every event type, in the order the admin event stream lists them. */
export const GATEWAY_EVENT_TYPES: readonly GatewayEventType[] = ['api.deployed', 'api.undeployed', 'endpoint.health', 'cluster.panic', 'cluster.drained'];

/** An event as listeners receive it: numbered in publishing order, with its time. */
export type PublishedEvent = { readonly sequence: number; readonly at: string } & GatewayEvent;

export type GatewayEventListener = (event: PublishedEvent) => void;

/**
 * What the control plane tells operators about (deploys, endpoint health, drains). Publishing is
 * synchronous and never throws into the publisher; it happens on control-plane changes and health
 * transitions only, never per request.
 */
export interface GatewayEvents {
  publish(event: GatewayEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: GatewayEventListener): () => void;
  /** The sequence number of the last event published (0 before the first). */
  readonly lastSequence: number;
}

export const GATEWAY_EVENTS = Symbol('portico.GatewayEvents');

/**
 * The in-process GatewayEvents: one per gateway. A listener that throws is skipped for that
 * event (the others still get it) and reported once through `report`, so a broken subscriber can
 * neither break a deploy or a health check nor flood the log.
 */
export class GatewayEventBus implements GatewayEvents {
  private sequence = 0;
  private readonly listeners = new Set<GatewayEventListener>();
  private readonly reported = new WeakSet<GatewayEventListener>();

  constructor(private readonly report: (message: string, error: unknown) => void = () => undefined) {}

  get lastSequence(): number {
    return this.sequence;
  }

  publish(event: GatewayEvent): void {
    const published: PublishedEvent = { sequence: ++this.sequence, at: new Date().toISOString(), ...event };
    for (const listener of this.listeners) {
      try {
        listener(published);
      } catch (error) {
        if (this.reported.has(listener)) continue;
        this.reported.add(listener);
        try {
          this.report(`a gateway event listener failed on ${event.type} (reported once per listener)`, error);
        } catch {
          // The report itself must not reach the publisher either.
        }
      }
    }
  }

  subscribe(listener: GatewayEventListener): () => void {
    // Wrapped, so the same function subscribed twice is two subscriptions, each removed on its own.
    const own: GatewayEventListener = (event) => listener(event);
    this.listeners.add(own);
    return () => {
      this.listeners.delete(own);
    };
  }
}
