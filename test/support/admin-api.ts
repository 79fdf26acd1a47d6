import { randomBytes } from 'node:crypto';
import { call, type CallResult, type TestGateway } from '#testing';

/** Clients for the two admin APIs, as a script or apictl would call them. */

export const ADAPTER_BASE = '/api/mgw/adapter/0.1';
export const PORTICO_BASE = '/portico/v1';

/** Body of every admin API error (libs/admin/src/errors/admin-errors.ts). */
export interface AdminErrorBody {
  status: number;
  code: string;
  message: string;
  problems?: { code: string; message: string; location?: string }[];
}

export interface AdapterListBody {
  total: number;
  count: number;
  list: { apiName: string; version: string; apiType: string; context: string; 'gateway-envs': string[]; vhost: string }[];
}

export interface PorticoListBody {
  total: number;
  list: { id: string; name: string; version: string; type: string; basePath: string; origin: string; targets: { environment: string; vhost: string }[] }[];
}

export interface MultipartPart {
  readonly name: string;
  readonly content: string | Buffer;
  readonly filename?: string;
  readonly contentType?: string;
}

/** A multipart/form-data body written by hand, so tests control every part (or leave one out). */
export function multipart(parts: readonly MultipartPart[]): { body: Buffer; contentType: string } {
  const boundary = `----portico-test-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const head = [`--${boundary}`, `Content-Disposition: ${disposition}`, ...(part.contentType ? [`Content-Type: ${part.contentType}`] : []), '', ''];
    chunks.push(Buffer.from(head.join('\r\n')), Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** `POST /oauth2/token`; returns the whole response (the token is `json().accessToken`). */
export function requestToken(port: number, username: string, password: string, tls = false): Promise<CallResult> {
  return call({
    port,
    tls,
    path: `${ADAPTER_BASE}/oauth2/token`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

export async function bearerToken(gw: TestGateway, username = 'admin', password = 'admin'): Promise<string> {
  const res = await requestToken(gw.running.ports.admin!, username, password);
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
  return `Bearer ${res.json<{ accessToken: string }>().accessToken}`;
}

export interface AdapterDeployOptions {
  readonly override?: boolean;
  /** Authorization header value; default: the gateway's built-in admin (Basic). */
  readonly auth?: string;
  readonly fileName?: string;
}

/** apictl's `mg deploy api`: the zipped project in the multipart field `file`. */
export function adapterDeploy(gw: TestGateway, zip: Buffer, options: AdapterDeployOptions = {}): Promise<CallResult> {
  const form = multipart([{ name: 'file', filename: options.fileName ?? 'project.zip', contentType: 'application/zip', content: zip }]);
  const query = options.override === undefined ? '' : `?override=${options.override}`;
  return gw.admin(`${ADAPTER_BASE}/apis${query}`, {
    method: 'POST',
    headers: { 'content-type': form.contentType, ...(options.auth ? { authorization: options.auth } : {}) },
    body: form.body,
  });
}

export function adapterUndeploy(gw: TestGateway, apiName: string, version: string, auth?: string): Promise<CallResult> {
  const query = new URLSearchParams({ apiName, version });
  return gw.admin(`${ADAPTER_BASE}/apis?${query}`, { method: 'DELETE', headers: auth ? { authorization: auth } : {} });
}

export async function adapterList(gw: TestGateway, auth?: string): Promise<AdapterListBody> {
  const res = await gw.admin(`${ADAPTER_BASE}/apis`, { headers: auth ? { authorization: auth } : {} });
  if (res.status !== 200) throw new Error(`adapter list failed: ${res.status} ${res.text}`);
  return res.json<AdapterListBody>();
}

/** Portico `POST /apis` with one OpenAPI document (YAML unless the content type says otherwise). */
export function porticoDeploy(gw: TestGateway, document: string, options: { override?: boolean; contentType?: string } = {}): Promise<CallResult> {
  const query = options.override === undefined ? '' : `?override=${options.override}`;
  return gw.admin(`${PORTICO_BASE}/apis${query}`, {
    method: 'POST',
    headers: { 'content-type': options.contentType ?? 'application/yaml' },
    body: document,
  });
}

export async function porticoList(gw: TestGateway): Promise<PorticoListBody> {
  const res = await gw.admin(`${PORTICO_BASE}/apis`);
  if (res.status !== 200) throw new Error(`portico list failed: ${res.status} ${res.text}`);
  return res.json<PorticoListBody>();
}

