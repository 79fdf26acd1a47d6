import { pipeline, type Readable } from 'node:stream';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit, PayloadTooLargeException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { printable, ThrottledLog } from '#core';
import { GatewaySettings } from '#settings';
import { AdminAuthGuard } from '../auth/admin-auth.guard.js';
import { type AdminErrorCode, AdminHttpError } from '../errors/admin-errors.js';
import { isDeploymentChange } from '../errors/rejected-change-line.js';
import { adminRouteOf, type AdminRouteOptions } from './admin-route.js';
import { BodyLimitStream } from './body-limit-stream.js';
import { BrowserRequestPolicy } from './browser-request-policy.js';
import { UploadSlots } from './upload-slots.js';

/** Room for the multipart envelope (boundaries, part headers, small fields) around an upload. */
const MULTIPART_ENVELOPE_BYTES = 64 * 1024;
/** What a client over admin.limits.maxConcurrentUploads is told to wait (s). */
const UPLOADS_RETRY_AFTER_S = 5;
/** Refusals an operator should see: they point at an attack or at a client that is misconfigured. */
const LOGGED: ReadonlySet<AdminErrorCode> = new Set(['admin.host-not-allowed', 'admin.origin-not-allowed', 'admin.uploads-busy', 'admin.body-too-large']);

/**
 * Everything the admin API decides from a request head, in a Fastify onRequest hook, before any
 * byte of the body is read (Nest guards run only after Fastify has buffered the body): the Host
 * and Origin checks, the credentials (every route needs them unless it is marked public), the
 * content type and size a route accepts, and a slot among admin.limits.maxConcurrentUploads.
 * A refused request with a body gets `Connection: close`, so its body is never read either.
 */
@Injectable()
export class AdminRequestGate implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('AdminApi');
  private readonly refusals = new ThrottledLog((line) => this.logger.warn(line));
  private readonly browsers: BrowserRequestPolicy;
  private readonly uploads: UploadSlots;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly settings: GatewaySettings,
    private readonly guard: AdminAuthGuard,
  ) {
    this.browsers = new BrowserRequestPolicy(settings.admin);
    this.uploads = new UploadSlots(settings.admin.limits.maxConcurrentUploads);
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', (request, reply) => this.admit(request, reply));
    fastify.addHook('preParsing', async (request, _reply, payload) => this.bounded(adminRouteOf(request), payload));
  }

  onModuleDestroy(): void {
    this.refusals.close();
  }

  private async admit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const body = declaredBody(request.headers);
    try {
      await this.check(request, reply, adminRouteOf(request), body);
    } catch (error) {
      if (body !== undefined) reply.header('connection', 'close');
      // A refused deploy or undeploy gets its line from the exception filter, like any other.
      if (error instanceof AdminHttpError && LOGGED.has(error.code) && !isDeploymentChange(request)) this.logRefusal(request, error);
      throw error;
    }
  }

  private async check(request: FastifyRequest, reply: FastifyReply, route: AdminRouteOptions, body: DeclaredBody | undefined): Promise<void> {
    const refusal = this.browsers.refusal(request.headers, 'encrypted' in request.raw.socket && request.raw.socket.encrypted === true);
    if (refusal) throw refusal;
    if (!route.public) await this.authenticate(request, reply);
    if (body === undefined) return;
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const accepted = route.bodyTypes ?? [];
    if (!accepted.includes(mediaType)) {
      throw new AdminHttpError(
        'admin.media-type-unsupported',
        accepted.length === 0
          ? `${request.method} ${request.routeOptions.url ?? 'here'} takes no request body`
          : `unsupported Content-Type ${printable(mediaType || '(none)', 100)}: send one of ${accepted.join(', ')}`,
      );
    }
    const limit = route.maxBodyBytes ?? this.settings.admin.maxUploadBytes + (mediaType === 'multipart/form-data' ? MULTIPART_ENVELOPE_BYTES : 0);
    if (body.length !== undefined && body.length > limit) throw tooLarge(route, limit);
    if (route.public) return;
    const release = this.uploads.take();
    if (!release) {
      const error = new AdminHttpError(
        'admin.uploads-busy',
        `${this.uploads.capacity} uploads are being read already (admin.limits.maxConcurrentUploads); try again in ${UPLOADS_RETRY_AFTER_S} s`,
      );
      error.headers = { 'Retry-After': String(UPLOADS_RETRY_AFTER_S) };
      throw error;
    }
    reply.raw.once('close', release);
  }

  /** Runs the admin guard on the request head; it sets `request.user`, as it would in a handler. */
  private async authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const context = new ExecutionContextHost([request, reply]);
    context.setType('http');
    if (!(await this.guard.canActivate(context))) throw new AdminHttpError('admin.unauthorized', 'admin credentials are required');
  }

  /** A body without Content-Length is counted while it is read, against the route's own limit. */
  private bounded(route: AdminRouteOptions, payload: Readable): Readable {
    const { maxBodyBytes } = route;
    if (maxBodyBytes === undefined) return payload;
    const limited = new BodyLimitStream(maxBodyBytes, () => tooLarge(route, maxBodyBytes));
    // Errors of either side reach Fastify's body reader through `limited`.
    return pipeline(payload, limited, () => undefined);
  }

  private logRefusal(request: FastifyRequest, error: AdminHttpError): void {
    const client = request.raw.socket.remoteAddress ?? 'unknown';
    const line = `Refused admin request: ${error.status} ${error.code}; ${error.message}; client ${client}; ${printable(`${request.method} ${request.url}`)}`;
    this.refusals.note(error.code, line);
  }
}

interface DeclaredBody {
  /** Undefined for a chunked body. */
  readonly length?: number;
}

function declaredBody(headers: FastifyRequest['headers']): DeclaredBody | undefined {
  if (headers['transfer-encoding'] !== undefined) return {};
  const length = Number(headers['content-length'] ?? 0);
  return length > 0 ? { length } : undefined;
}

function tooLarge(route: AdminRouteOptions, limit: number): Error {
  // Upload routes keep the deploy error of admin.maxUploadBytes (artifact.too-large).
  if (route.maxBodyBytes === undefined) return new PayloadTooLargeException();
  return new AdminHttpError('admin.body-too-large', `the request body is larger than ${limit} bytes, the most this route accepts`);
}
