import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { type ApiDefinition, type AuthResult, isAuthFailure, REQUEST_ERRORS, type RoutingSnapshot, type ServedWsdl } from '#core';
import type { ErrorResponder } from './error-responder.js';
import type { ForwardedClientCertificate } from './forwarded-client-certificate.js';
import { isValidHost } from './host-header.js';
import { IncomingSecurityRequest } from './incoming-security-request.js';
import { ServedWsdlDocument } from './served-wsdl-document.js';
import type { TrustedProxies } from './trusted-proxies.js';

const CONTENT_TYPE = 'text/xml; charset=utf-8';

/** The one check every request pays: its query starts with `w` or `x` (`wsdl`, `wsdl=<path>`, `xsd=<path>`, any case). */
export function asksForWsdl(url: string, query: number): boolean {
  if (query < 0) return false;
  const first = url.charCodeAt(query + 1) | 0x20;
  return first === 0x77 || first === 0x78;
}

/** The project path a WSDL query asks for: '' for the WSDL itself, undefined when it is no such query. */
function requestedDocument(query: string): string | undefined {
  const head = query.slice(0, 5).toLowerCase();
  if (head === 'wsdl' && query.length === 4) return '';
  const value = head === 'wsdl=' ? query.slice(5) : head.startsWith('xsd=') ? query.slice(4) : undefined;
  if (value === undefined || value === '') return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/**
 * `GET <base path>?wsdl` of a SOAP API with a WSDL: answered by the gateway with the WSDL, its
 * SOAP addresses pointing at the gateway URL the client used; `?wsdl=<path>` and `?xsd=<path>`
 * with the project documents it imports (their import locations point there too). The route is
 * found as for OPTIONS (every route accepts it), so a POST-only `/*` SOAP resource does not
 * refuse the GET. Public
 * unless the API says `x-portico-wsdl: { public: false }`: then the security of the resource's
 * GET operation, else its POST (the SOAP operation), applies.
 */
export class WsdlResponder {
  /** By deployed API object: a redeploy brings a new object, and the old entry goes with it. */
  private readonly documents = new WeakMap<ApiDefinition, ServedWsdlDocument>();

  constructor(
    private readonly errors: ErrorResponder,
    private readonly proxies: TrustedProxies,
    private readonly forwardedCertificate: ForwardedClientCertificate,
  ) {}

  /** False when the path is no WSDL-serving API's base path: the request goes on as any other. */
  serve(req: IncomingMessage, res: ServerResponse, path: string, query: string, snapshot: RoutingSnapshot): boolean {
    const method = req.method;
    if (method !== 'GET' && method !== 'HEAD') return false;
    const requested = requestedDocument(query);
    if (requested === undefined) return false;
    const host = req.headers.host;
    const api = snapshot.match(host, 'OPTIONS', path)?.api;
    if (api?.wsdl === undefined) return false;
    const basePath = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    if (!isBasePathOf(api, basePath)) return false;
    const document = this.documentOf(api, api.wsdl);
    const body = document.render(requested === '' ? document.mainPath : requested, `${this.originOf(req)}${basePath}`);
    if (body === undefined) return false;
    const security = api.wsdl.public ? undefined : (snapshot.match(host, 'GET', path) ?? snapshot.match(host, 'POST', path))?.security;
    if (security === undefined || !security.secured) {
      send(req, res, body);
      return true;
    }
    const result = security.authenticate(new IncomingSecurityRequest(req, query, this.proxies, this.forwardedCertificate));
    if (result instanceof Promise) {
      result.then(
        (settled) => res.destroyed || this.answer(req, res, api, body, settled),
        () => res.destroyed || this.errors.send(res, REQUEST_ERRORS.unclassifiedAuthentication, { soapErrors: api.soapErrors }),
      );
    } else {
      this.answer(req, res, api, body, result);
    }
    return true;
  }

  private answer(req: IncomingMessage, res: ServerResponse, api: ApiDefinition, body: Buffer, result: AuthResult): void {
    if (!isAuthFailure(result)) return send(req, res, body);
    const { description, wwwAuthenticate } = result;
    this.errors.send(res, result.failure, { description, wwwAuthenticate, soapErrors: api.soapErrors });
  }

  private documentOf(api: ApiDefinition, wsdl: ServedWsdl): ServedWsdlDocument {
    let document = this.documents.get(api);
    if (document === undefined) {
      document = new ServedWsdlDocument(api, wsdl);
      this.documents.set(api, document);
    }
    return document;
  }

  /** The scheme of the listener and the Host header, or those a trusted proxy says the client used. */
  private originOf(req: IncomingMessage): string {
    let scheme = (req.socket as TLSSocket).encrypted === true ? 'https' : 'http';
    let host = req.headers.host ?? '';
    if (this.proxies.trusts(req.socket.remoteAddress)) {
      const proto = firstValue(req.headers['x-forwarded-proto'])?.toLowerCase();
      if (proto === 'http' || proto === 'https') scheme = proto;
      const forwardedHost = firstValue(req.headers['x-forwarded-host']);
      if (forwardedHost !== undefined && isValidHost(forwardedHost)) host = forwardedHost;
    }
    return `${scheme}://${host}`;
  }
}

function send(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  res.writeHead(200, { 'content-type': CONTENT_TYPE, 'content-length': String(body.length) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The API's base path, or its unversioned one when it is the default version (spec §5.5). */
function isBasePathOf(api: ApiDefinition, path: string): boolean {
  if (path === api.basePath) return true;
  if (!api.isDefaultVersion) return false;
  const segment = `/${api.version}`;
  const unversioned = api.basePath.endsWith(segment) ? api.basePath.slice(0, -segment.length) : api.basePath.replace(`${segment}/`, '/');
  return path === (unversioned === '' ? '/' : unversioned);
}

/** A proxy chain's first value: the one the client's side wrote. */
function firstValue(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(',')[0].trim() || undefined;
}
