import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { printable } from '#core';
import { AdminAuthGuard } from '../auth/admin-auth.guard.js';
import { AdminLogin } from '../auth/admin-login.js';
import { AdminTokenService } from '../auth/admin-token.service.js';
import { AdminHttpError } from '../errors/admin-errors.js';
import { AdminRoute, type AdminRouteOptions } from '../http/admin-route.js';
import { DashboardAssets } from './dashboard-assets.js';
import { DASHBOARD_PREFIX, DASHBOARD_SECURITY_HEADERS, isDashboardUrl } from './dashboard-security-headers.js';
import { clearedSessionCookie, sessionCookie, sessionTokenOf } from './session-cookie.js';

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

const APP_PAGE = 'index.html';
const LOGIN_PAGE = 'login.html';
/** What the login page may load before anyone has logged in: none of it is data. */
export const PUBLIC_DASHBOARD_FILES: readonly string[] = ['styles.css', 'login.js', 'favicon.svg'];
const FORM = 'application/x-www-form-urlencoded';
/** Two short fields; read before any credential is checked, so kept small. */
const FORM_MAX_BYTES = 4096;

/**
 * The dashboard (`/ui`) on the admin listener. Every route goes through AdminRequestGate like
 * the rest of the admin API (admin Host names only, cross-origin browser requests refused), and
 * every file but the login page's needs a session: the files of `/ui/<file>` are refused (401)
 * by the gate itself, the pages `/ui` and `/ui/` send a browser without one to the login page.
 * `POST /ui/login` checks the password as HTTP Basic does (throttle, audit, failed-login line)
 * and keeps the admin token in an HttpOnly cookie. Routes are added to Fastify directly, as
 * Nest strips the trailing slash of `/ui/`.
 */
@Injectable()
export class DashboardRoutes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly assets: DashboardAssets,
    private readonly login: AdminLogin,
    private readonly tokens: AdminTokenService,
    private readonly guard: AdminAuthGuard,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onSend', async (request, reply, payload) => {
      if (isDashboardUrl(request.url)) {
        reply.headers(DASHBOARD_SECURITY_HEADERS);
        if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      }
      return payload;
    });
    const adapter = this.adapterHost.httpAdapter;
    const app = route({ public: true }, (request, reply) => this.app(request, reply));
    adapter.get(DASHBOARD_PREFIX, app);
    adapter.get(`${DASHBOARD_PREFIX}/`, app);
    adapter.get(`${DASHBOARD_PREFIX}/login`, route({ public: true }, async (request, reply) => this.file(request, reply, LOGIN_PAGE)));
    for (const name of PUBLIC_DASHBOARD_FILES) {
      adapter.get(`${DASHBOARD_PREFIX}/${name}`, route({ public: true }, async (request, reply) => this.file(request, reply, name)));
    }
    // Not public: the gate refuses it without credentials, before this handler runs.
    adapter.get(`${DASHBOARD_PREFIX}/:file`, route({}, async (request, reply) => this.file(request, reply, (request.params as { file: string }).file)));
    const form = { public: true, bodyTypes: [FORM], maxBodyBytes: FORM_MAX_BYTES };
    adapter.post(`${DASHBOARD_PREFIX}/login`, route(form, (request, reply) => this.signIn(request, reply)));
    adapter.post(`${DASHBOARD_PREFIX}/logout`, route(form, async (request, reply) => this.signOut(request, reply)));
  }

  private async app(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    if (await this.signedIn(request, reply)) return this.file(request, reply, APP_PAGE);
    // A cookie the guard refused (expired, revoked) goes, so it is not refused again on every visit.
    if (sessionTokenOf(request.headers) !== undefined) reply.header('set-cookie', clearedSessionCookie(overTls(request)));
    return reply.code(303).header('location', `${DASHBOARD_PREFIX}/login`).send();
  }

  private async signIn(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    let username: string;
    try {
      username = await this.login.authenticate(request, field(request.body, 'username'), field(request.body, 'password'));
    } catch (error) {
      if (!(error instanceof AdminHttpError)) throw error;
      // The login page says why from the query: throttled (and for how long), or refused.
      const why = error.code === 'admin.login-throttled' ? `throttled=${error.headers['Retry-After'] ?? '1'}` : 'failed=1';
      return reply.code(303).header('location', `${DASHBOARD_PREFIX}/login?${why}`).send();
    }
    const cookie = sessionCookie(this.tokens.issue(username), Math.floor(this.tokens.ttlMs / 1000), overTls(request));
    return reply.code(303).header('set-cookie', cookie).header('location', `${DASHBOARD_PREFIX}/`).send();
  }

  /** The token stays valid until it expires (it is not kept anywhere to revoke); the browser forgets it. */
  private signOut(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    return reply.code(303).header('set-cookie', clearedSessionCookie(overTls(request))).header('location', `${DASHBOARD_PREFIX}/login`).send();
  }

  /** Whether the request carries admin credentials (the session cookie, or Basic, or a Bearer token). */
  private async signedIn(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const context = new ExecutionContextHost([request, reply]);
    context.setType('http');
    try {
      return await this.guard.canActivate(context);
    } catch (error) {
      if (error instanceof AdminHttpError && error.code === 'admin.unauthorized') return false;
      throw error;
    }
  }

  private file(request: FastifyRequest, reply: FastifyReply, name: string): FastifyReply {
    const asset = this.assets.get(name);
    if (asset === undefined) throw new AdminHttpError('admin.route-not-found', `the dashboard has no file ${printable(name, 100)}`);
    reply.header('content-type', asset.contentType);
    if (asset.html) return reply.header('cache-control', 'no-store').send(asset.body);
    reply.header('cache-control', 'no-cache').header('etag', asset.etag);
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.send(asset.body);
  }
}

/** The admin route options of a handler given to Fastify directly (AdminRequestGate reads them as for a decorated one). */
function route(options: AdminRouteOptions, handler: Handler): Handler {
  AdminRoute(options)(DashboardRoutes.prototype, 'route', { value: handler });
  return handler;
}

/** A form field (Nest's parser gives an object; a repeated field, an array). */
function field(body: unknown, name: string): string {
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' ? first : '';
}

function overTls(request: FastifyRequest): boolean {
  return 'encrypted' in request.raw.socket && request.raw.socket.encrypted === true;
}
