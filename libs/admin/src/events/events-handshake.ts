import type { IncomingMessage } from 'node:http';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { GATEWAY_EVENT_TYPES, type GatewayEventType, printable, ThrottledLog } from '#core';
import { GatewaySettings } from '#settings';
import { AdminAuthGuard } from '../auth/admin-auth.guard.js';
import type { AdminPrincipal } from '../auth/admin-principal.js';
import { type AdminErrorCode, AdminHttpError } from '../errors/admin-errors.js';
import { BrowserRequestPolicy } from '../http/browser-request-policy.js';
import { BEARER_PROTOCOL_PREFIX, EVENTS_PROTOCOL, offeredProtocols } from './events-protocol.js';

/** What an accepted handshake lets its subscriber receive. */
export interface AcceptedHandshake {
  readonly principal: AdminPrincipal;
  readonly types: readonly GatewayEventType[];
}

/** Refusals an operator should see: they point at an attack or at too many dashboards. */
const LOGGED: ReadonlySet<AdminErrorCode> = new Set(['admin.host-not-allowed', 'admin.origin-not-allowed', 'admin.events-subscribers-full']);

/**
 * Everything the event stream decides before a handshake is upgraded, in the order the admin API
 * decides it for a request: the Host and Origin (a page on another origin must not ride the
 * browser's cached Basic credentials or its session cookie), the credentials (the admin guard
 * itself: Basic, or a Bearer token in `Authorization` or offered as the sub-protocol
 * `portico.bearer.<token>`, or else the dashboard's session cookie, which the browser sends with
 * the handshake of `new WebSocket(url, ['portico.events.v1'])` on its own), the type
 * filter, and a slot among admin.events.maxSubscribers. A slot is held from the accepted
 * handshake until its connection closes, upgraded or not.
 */
@Injectable()
export class EventsHandshake implements OnModuleDestroy {
  private readonly logger = new Logger('AdminEvents');
  private readonly refusals = new ThrottledLog((line) => this.logger.warn(line));
  private readonly browsers: BrowserRequestPolicy;
  private readonly accepted = new WeakMap<IncomingMessage, AcceptedHandshake>();
  private taken = 0;

  constructor(
    private readonly settings: GatewaySettings,
    private readonly guard: AdminAuthGuard,
  ) {
    this.browsers = new BrowserRequestPolicy(settings.admin);
  }

  get maxSubscribers(): number {
    return this.settings.admin.events.maxSubscribers;
  }

  /** Resolves the accepted handshake, or rejects with the admin error to answer. */
  async check(req: IncomingMessage): Promise<AcceptedHandshake> {
    try {
      const encrypted = 'encrypted' in req.socket && req.socket.encrypted === true;
      const refusal = this.browsers.refusal(req.headers, encrypted);
      if (refusal) throw refusal;
      const principal = await this.authenticate(req);
      const offered = offeredProtocols(req.headers['sec-websocket-protocol']);
      if (offered.length > 0 && !offered.includes(EVENTS_PROTOCOL)) {
        throw new AdminHttpError(
          'admin.request-rejected',
          `offered sub-protocols must include ${EVENTS_PROTOCOL} (the one the server selects), e.g. ["${EVENTS_PROTOCOL}", "${BEARER_PROTOCOL_PREFIX}<token>"]`,
        );
      }
      const types = typesOf(req.url ?? '');
      if (this.taken >= this.maxSubscribers) {
        throw new AdminHttpError('admin.events-subscribers-full', `${this.maxSubscribers} event stream subscribers are connected already (admin.events.maxSubscribers)`);
      }
      this.hold(req);
      const handshake = { principal, types };
      this.accepted.set(req, handshake);
      return handshake;
    } catch (error) {
      if (error instanceof AdminHttpError && LOGGED.has(error.code)) this.noteRefusal(req, error);
      throw error;
    }
  }

  /** The handshake accepted for `req` (once), or undefined when none was. */
  take(req: IncomingMessage): AcceptedHandshake | undefined {
    const handshake = this.accepted.get(req);
    this.accepted.delete(req);
    return handshake;
  }

  onModuleDestroy(): void {
    this.refusals.close();
  }

  /** The slot goes back when the connection closes: after the stream ends, or when the upgrade never completed. */
  private hold(req: IncomingMessage): void {
    this.taken++;
    req.socket.once('close', () => this.taken--);
  }

  /**
   * The admin guard on a request-shaped view of the handshake; a bearer sub-protocol entry stands
   * for `Authorization`. Without either, the guard falls back to the session cookie among the headers.
   */
  private async authenticate(req: IncomingMessage): Promise<AdminPrincipal> {
    const headers: Record<string, string | string[] | undefined> = { ...req.headers };
    if (headers.authorization === undefined) {
      const entry = offeredProtocols(req.headers['sec-websocket-protocol']).find((p) => p.startsWith(BEARER_PROTOCOL_PREFIX));
      if (entry !== undefined) headers.authorization = `Bearer ${entry.slice(BEARER_PROTOCOL_PREFIX.length)}`;
    }
    const request: { headers: typeof headers; method?: string; url?: string; raw: IncomingMessage; user?: AdminPrincipal } = {
      headers,
      method: req.method,
      url: req.url,
      raw: req,
    };
    const context = new ExecutionContextHost([request, undefined]);
    context.setType('http');
    if (!(await this.guard.canActivate(context)) || request.user === undefined) throw new AdminHttpError('admin.unauthorized', 'admin credentials are required');
    return request.user;
  }

  private noteRefusal(req: IncomingMessage, error: AdminHttpError): void {
    const client = req.socket.remoteAddress ?? 'unknown';
    this.refusals.note(error.code, `Refused an admin event stream handshake: ${error.status} ${error.code}; ${error.message}; client ${client}; ${printable(`GET ${req.url ?? ''}`)}`);
  }
}

/** `?types=a,b` (the parameter may repeat); none or empty: every type. */
function typesOf(url: string): readonly GatewayEventType[] {
  const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
  const asked = query.getAll('types').flatMap((value) => value.split(',').map((t) => t.trim()).filter((t) => t !== ''));
  if (asked.length === 0) return GATEWAY_EVENT_TYPES;
  const known: readonly string[] = GATEWAY_EVENT_TYPES;
  const unknown = [...new Set(asked.filter((t) => !known.includes(t)))];
  if (unknown.length > 0) {
    throw new AdminHttpError(
      'admin.events-type-unknown',
      `unknown event type${unknown.length > 1 ? 's' : ''} ${unknown.map((t) => printable(t, 100)).join(', ')}; known types: ${known.join(', ')}`,
    );
  }
  return GATEWAY_EVENT_TYPES.filter((t) => asked.includes(t));
}
