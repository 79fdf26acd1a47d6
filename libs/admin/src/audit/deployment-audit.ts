import { type AuditEvent, outcomeOfStatus } from '#core';
import { type AdminRequestView, deploymentChangeOf } from '../errors/rejected-change-line.js';

/** What the audit reads of a (Fastify) admin request besides what the exception filter reads. */
export interface AuditedRequest extends AdminRequestView {
  /** The TCP connection: its peer is the client (no forwarding header is believed, as for logins). */
  readonly raw?: { readonly socket?: { readonly remoteAddress?: string } };
  readonly params?: unknown;
  readonly query?: unknown;
  /** `name:version` of the API a handler deployed, when its answer does not carry it (the adapter API's empty 200). */
  auditTarget?: string;
}

export function clientOf(request: { readonly raw?: { readonly socket?: { readonly remoteAddress?: string } } }): string {
  return request.raw?.socket?.remoteAddress ?? 'unknown';
}

/**
 * The audit event of a deploy or undeploy answered `status`, or undefined for a request that
 * changes no deployment. `target` defaults to the API the request or its answer names.
 */
export function deploymentAuditEvent(
  request: AuditedRequest,
  status: number,
  details: { readonly target?: string; readonly code?: string; readonly detail?: string; readonly answer?: unknown } = {},
): AuditEvent | undefined {
  const action = deploymentChangeOf(request);
  if (action === undefined) return undefined;
  return {
    action,
    actor: request.user?.username,
    client: clientOf(request),
    target: details.target ?? request.auditTarget ?? apiNamed(details.answer) ?? apiNamed(request.params) ?? apiNamed(request.query),
    outcome: outcomeOfStatus(status),
    status,
    code: details.code,
    detail: details.detail,
  };
}

/** `name:version` from a deploy summary or Portico's path parameters (`name`), or the adapter's query (`apiName`). */
function apiNamed(source: unknown): string | undefined {
  if (source === null || typeof source !== 'object') return undefined;
  const { name, apiName, version } = source as { name?: unknown; apiName?: unknown; version?: unknown };
  const api = typeof name === 'string' ? name : apiName;
  return typeof api === 'string' && typeof version === 'string' ? `${api}:${version}` : undefined;
}
