import type { ServerResponse } from 'node:http';
import { type HeaderMap, type RequestErrorSpec, requestErrorBody, WWW_AUTHENTICATE_VALUE } from '#core';

/**
 * The one place the data plane turns an error into a response (spec §16). Bodies with the
 * catalogue's own description are serialised once and reused.
 */
export class ErrorResponder {
  private readonly bodies = new WeakMap<RequestErrorSpec, Buffer>();

  /**
   * `headers`: added to the error response (the matched API's CORS headers, so browsers can read it).
   * `wwwAuthenticate`: replaces the default challenge of a policy 401 (an API with mutual TLS).
   */
  send(res: ServerResponse, spec: RequestErrorSpec, options: { description?: string; close?: boolean; headers?: HeaderMap; wwwAuthenticate?: string } = {}): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = options.description === undefined ? this.bodyOf(spec) : Buffer.from(requestErrorBody(spec, options.description));
    const headers: HeaderMap = { ...options.headers, 'content-type': 'application/json', 'content-length': String(body.length) };
    if (spec.status === 401 && spec.shape === 'policy') headers['www-authenticate'] = options.wwwAuthenticate ?? WWW_AUTHENTICATE_VALUE;
    if (options.close === true) headers.connection = 'close';
    res.writeHead(spec.status, headers as Record<string, string | string[]>);
    res.end(res.req.method === 'HEAD' ? undefined : body);
  }

  /** The raw HTTP/1.1 bytes of an error, for sockets that never became a request (bad or huge heads). */
  rawResponse(spec: RequestErrorSpec, reason: string): string {
    const body = this.bodyOf(spec);
    return (
      `HTTP/1.1 ${spec.status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n` +
      `connection: close\r\n\r\n${body.toString()}`
    );
  }

  private bodyOf(spec: RequestErrorSpec): Buffer {
    let body = this.bodies.get(spec);
    if (body === undefined) {
      body = Buffer.from(requestErrorBody(spec));
      this.bodies.set(spec, body);
    }
    return body;
  }
}
