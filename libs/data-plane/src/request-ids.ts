import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestIdSettings } from '#settings';
import type { TrustedProxies } from './trusted-proxies.js';

/** What an incoming id may be: short, and nothing that could break a log line, a header or a JSON string. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/**
 * Gives each request its id (`dataPlane.requestId`): the client's own when it may set one and it
 * is acceptable, else a random UUID (Node keeps a batch of entropy, so one costs well under a µs).
 */
export class RequestIds {
  readonly header: string;
  private readonly acceptFrom: RequestIdSettings['acceptFrom'];

  constructor(
    settings: RequestIdSettings,
    private readonly trustedProxies: TrustedProxies,
  ) {
    this.header = settings.header.toLowerCase();
    this.acceptFrom = settings.acceptFrom;
  }

  idFor(req: IncomingMessage): string {
    if (this.acceptFrom !== 'none') {
      const given = req.headers[this.header];
      if (typeof given === 'string' && ACCEPTABLE_ID.test(given) && (this.acceptFrom === 'any' || this.trustedProxies.trusts(req.socket.remoteAddress))) {
        return given;
      }
    }
    return randomUUID();
  }
}
