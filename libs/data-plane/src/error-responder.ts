import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { type HeaderMap, type RequestErrorSpec, requestErrorBody, type SoapErrorFormat, WWW_AUTHENTICATE_VALUE } from '#core';
import { recordOf } from './gateway-response.js';
import { SOAP_FAULT_CONTENT_TYPES, soapFaultBody, type SoapVersion } from './soap-fault-body.js';
import { soapVersionOf } from './soap-request-version.js';

/** How an error body is written: the JSON of its shape, or a SOAP fault of the request's version. */
type BodyFormat = 'json' | SoapVersion;

export interface ErrorResponseOptions {
  /** Replaces the catalogue's description (the body is then serialised for this response). */
  readonly description?: string;
  readonly close?: boolean;
  /** Added to the error response (the matched API's CORS headers, so browsers can read it). */
  readonly headers?: HeaderMap;
  /** Replaces the default challenge of a policy 401 (an API with mutual TLS). */
  readonly wwwAuthenticate?: string;
  /** The matched API's `x-portico-soap-errors`; undefined: `dataPlane.soapErrorsInXml` decides. */
  readonly soapErrors?: SoapErrorFormat;
}

/** How errors name their request: the response header, and whether JSON bodies carry the id too. */
export interface ErrorRequestId {
  readonly header: string;
  readonly inBodies: boolean;
}

const NO_REQUEST_ID: ErrorRequestId = { header: 'x-request-id', inBodies: false };

/**
 * The one place the data plane turns an error into a response (spec §16): the JSON body of the
 * error's shape, or a SOAP fault for a SOAP request when SOAP faults are asked for (§10.3,
 * §16.3). Bodies with the catalogue's own description are serialised once per format and reused;
 * a JSON body then gets the request id as its last field (`requestId`). SOAP faults stay byte
 * for byte Choreo Connect's: their request id is in the response header only.
 */
export class ErrorResponder {
  private readonly bodies: Readonly<Record<BodyFormat, WeakMap<RequestErrorSpec, Buffer>>> = {
    json: new WeakMap(),
    '1.1': new WeakMap(),
    '1.2': new WeakMap(),
  };
  private readonly soapErrors: SoapErrorFormat;

  /** `soapErrorsInXml`: the gateway-wide `dataPlane.soapErrorsInXml`. */
  constructor(
    soapErrorsInXml = false,
    private readonly requestId: ErrorRequestId = NO_REQUEST_ID,
  ) {
    this.soapErrors = soapErrorsInXml ? 'xml' : 'json';
  }

  send(res: ServerResponse, spec: RequestErrorSpec, options: ErrorResponseOptions = {}): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const format = this.formatFor(res.req.headers, options.soapErrors);
    const record = recordOf(res);
    if (record !== undefined) record.error = spec;
    let body = options.description === undefined ? this.bodyOf(spec, format) : Buffer.from(render(spec, format, options.description));
    // The id is checked or generated to need no escaping (see RequestIds).
    if (record !== undefined && format === 'json' && this.requestId.inBodies) {
      body = Buffer.concat([body.subarray(0, body.length - 1), Buffer.from(`,"requestId":"${record.id}"}`)]);
    }
    const headers: HeaderMap = { ...options.headers, 'content-type': contentTypeOf(format), 'content-length': String(body.length) };
    if (record !== undefined) headers[this.requestId.header] = record.id;
    if (spec.status === 401 && spec.shape === 'policy') headers['www-authenticate'] = options.wwwAuthenticate ?? WWW_AUTHENTICATE_VALUE;
    if (options.close === true) headers.connection = 'close';
    res.writeHead(spec.status, headers as Record<string, string | string[]>);
    res.end(res.req.method === 'HEAD' ? undefined : body);
  }

  /**
   * The raw HTTP/1.1 bytes of an error, for sockets that never became a request (bad or huge
   * heads: JSON) or a CONNECT, whose `headers` can ask for a SOAP fault.
   */
  rawResponse(spec: RequestErrorSpec, reason: string, headers?: IncomingHttpHeaders): string {
    const format = headers === undefined ? 'json' : this.formatFor(headers, undefined);
    const body = this.bodyOf(spec, format);
    return (
      `HTTP/1.1 ${spec.status} ${reason}\r\ncontent-type: ${contentTypeOf(format)}\r\ncontent-length: ${body.length}\r\n` +
      `connection: close\r\n\r\n${body.toString()}`
    );
  }

  /** The API's choice, else the gateway's; a request that is no SOAP request gets JSON either way. */
  private formatFor(headers: IncomingHttpHeaders, apiChoice: SoapErrorFormat | undefined): BodyFormat {
    if ((apiChoice ?? this.soapErrors) === 'json') return 'json';
    return soapVersionOf(headers) ?? 'json';
  }

  private bodyOf(spec: RequestErrorSpec, format: BodyFormat): Buffer {
    const bodies = this.bodies[format];
    let body = bodies.get(spec);
    if (body === undefined) {
      body = Buffer.from(render(spec, format));
      bodies.set(spec, body);
    }
    return body;
  }
}

function render(spec: RequestErrorSpec, format: BodyFormat, description?: string): string {
  return format === 'json' ? requestErrorBody(spec, description) : soapFaultBody(spec, format, description);
}

function contentTypeOf(format: BodyFormat): string {
  return format === 'json' ? 'application/json' : SOAP_FAULT_CONTENT_TYPES[format];
}
