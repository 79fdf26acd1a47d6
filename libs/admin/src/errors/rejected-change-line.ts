import { printable } from '#core';
import type { AdminPrincipal } from '../auth/admin-principal.js';
import { ApiRejectedError } from '../deploy/api-rejection.js';
import type { AdminErrorBody } from './admin-errors.js';

/** What the exception filter reads of a (Fastify) admin request. */
export interface AdminRequestView {
  readonly method?: string;
  readonly url?: string;
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>;
  /** Set by the admin guard once the credentials are verified. */
  readonly user?: AdminPrincipal;
  /** The raw bytes of a Portico deploy (AdminBodyParsers). */
  readonly body?: unknown;
  /** The multipart files of an adapter deploy (an array from AnyFilesInterceptor; else @fastify/multipart's method). */
  readonly files?: unknown;
}

interface UploadedFile {
  readonly originalname?: string;
  readonly size?: number;
}

/** The routes that change deployments, on both admin APIs. */
const DEPLOYMENT_ROUTES = /^\/(?:portico\/v1|api\/mgw\/adapter\/0\.1)\/apis(?:[/?]|$)/;

/**
 * The one log line of a refused deploy or undeploy — who, what, the problem codes and the
 * status — or undefined for any other request. For example:
 * `Rejected deploy: 422 [endpoint.port-range, basepath.invalid]; user admin (basic); API Orders:v1; POST /portico/v1/apis`.
 */
export function rejectedChangeLine(request: AdminRequestView, body: AdminErrorBody, error: unknown): string | undefined {
  const change = deploymentChangeOf(request);
  if (!change) return undefined;
  const codes = [...new Set(body.problems?.length ? body.problems.map((p) => p.code) : [body.code])];
  const what = error instanceof ApiRejectedError ? `API ${printable(error.api)}` : uploadOf(request);
  const parts = [`Rejected ${change}: ${body.status} [${codes.join(', ')}]`, `user ${userOf(request, body.status)}`, what, printable(`${request.method} ${request.url}`)];
  return parts.filter((part) => part !== undefined).join('; ');
}

/** Whether the request deploys or undeploys: its refusal is told by rejectedChangeLine. */
export function isDeploymentChange(request: AdminRequestView): boolean {
  return deploymentChangeOf(request) !== undefined;
}

/** `deploy` or `undeploy` for a request that changes deployments, on either admin API; else undefined. */
export function deploymentChangeOf(request: AdminRequestView): 'deploy' | 'undeploy' | undefined {
  if (!DEPLOYMENT_ROUTES.test(request.url ?? '')) return undefined;
  if (request.method === 'POST' || request.method === 'PUT') return 'deploy';
  return request.method === 'DELETE' ? 'undeploy' : undefined;
}

function userOf(request: AdminRequestView, status: number): string {
  if (request.user) return `${printable(request.user.username)} (${request.user.via})`;
  // Host and Origin are checked before the credentials are.
  return status === 401 ? 'unauthenticated' : 'not yet authenticated';
}

/** The upload as the client described it, when no API could be named from it. */
function uploadOf(request: AdminRequestView): string | undefined {
  const files: readonly UploadedFile[] = Array.isArray(request.files) ? request.files : [];
  if (files.length > 0) return files.map((f) => `file "${printable(f.originalname ?? '')}" (${f.size ?? '?'} bytes)`).join(', ');
  const contentType = header(request, 'content-type')?.split(';')[0].trim();
  const size = Buffer.isBuffer(request.body) ? request.body.length : header(request, 'content-length');
  if (contentType === undefined && size === undefined) return undefined;
  return `upload ${printable(contentType ?? 'without content type')} (${size ?? '?'} bytes)`;
}

function header(request: AdminRequestView, name: string): string | undefined {
  const value = request.headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}
