import type { IncomingMessage } from 'node:http';
import { REQUEST_ERRORS, type RequestErrorSpec } from '#core';
import { isValidHost } from './host-header.js';
import { type EscapedSlashAction, RequestPathNormaliser } from './request-path.js';

/**
 * What the data plane checks before anything else (ARCHITECTURE §4): the Host header (RFC 9112
 * §3.2: required in HTTP/1.1, one valid `host[:port]`) and the request path, normalised. Repeated
 * Host headers arrive joined by a comma (`joinDuplicateHeaders`), so they fail the syntax check.
 */
export class RequestTargetCheck {
  private readonly paths: RequestPathNormaliser;

  constructor(escapedSlashes: EscapedSlashAction) {
    this.paths = new RequestPathNormaliser(escapedSlashes);
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
