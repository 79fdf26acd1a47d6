import type { IncomingMessage } from 'node:http';
import { REQUEST_ERRORS, type RequestErrorSpec } from '#core';
import { isValidHost } from './host-header.js';
import { type EscapedSlashAction, RequestPathNormaliser } from './request-path.js';

/**
 * What the data plane checks before anything else (ARCHITECTURE §4): the head (number of fields,
 * transfer coding), the Host header (RFC 9112 §3.2: required in HTTP/1.1, one valid
 * `host[:port]`) and the request path, normalised. Repeated Host headers arrive joined by a comma
 * (`joinDuplicateHeaders`), so they fail the syntax check.
 */
export class RequestTargetCheck {
  private readonly paths: RequestPathNormaliser;
  /** Entries of `rawHeaders` (two per field) allowed by `dataPlane.limits.maxHeaderCount`. */
  private readonly maxHeaderEntries: number;

  constructor(escapedSlashes: EscapedSlashAction, maxHeaderCount: number) {
    this.paths = new RequestPathNormaliser(escapedSlashes);
    this.maxHeaderEntries = 2 * maxHeaderCount;
  }

  /** A head the gateway cannot forward faithfully: too many fields, or a body coding it would lose. */
  refusedHead(req: IncomingMessage): RequestErrorSpec | undefined {
    if (req.rawHeaders.length > this.maxHeaderEntries) return REQUEST_ERRORS.tooManyHeaders;
    const coding = req.headers['transfer-encoding'];
    // Node decodes a final `chunked` only: `gzip, chunked` would reach the backend without its gzip.
    if (coding !== undefined && coding.trim().toLowerCase() !== 'chunked') return REQUEST_ERRORS.transferCodingUnsupported;
    return undefined;
  }

  /** The normalised path of `rawPath`, or the error to answer; undefined for a non-origin-form target. */
  check(req: IncomingMessage, rawPath: string): string | RequestErrorSpec | undefined {
    const host = req.headers.host;
    if (host === undefined) {
      if (req.httpVersionMajor === 1 && req.httpVersionMinor >= 1) return REQUEST_ERRORS.missingHost;
    } else if (!isValidHost(host)) {
      return REQUEST_ERRORS.badHost;
    }
    // Absolute-form and `*` targets are for forward proxies; a gateway routes origin-form paths only.
    if (rawPath.charCodeAt(0) !== 0x2f) return undefined;
    return this.paths.normalise(rawPath);
  }
}

/** A `#fragment` is the client's own business (RFC 9110 §4.2.4): never matched, never forwarded. */
export function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}
