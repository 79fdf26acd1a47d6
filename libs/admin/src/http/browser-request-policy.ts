import { isIP } from 'node:net';
import { printable } from '#core';
import { AdminHttpError } from '../errors/admin-errors.js';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** Names that only ever lead to this machine: a browser cannot be pointed at them by a foreign DNS answer. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD_ADDRESSES = new Set(['', '0.0.0.0', '::', '[::]']);

export interface BrowserRequestSettings {
  /** admin.host: accepted as a Host name too, unless it is a wildcard address. */
  readonly host: string;
  readonly allowedHosts: readonly string[];
  readonly allowedOrigins: readonly string[];
}

/**
 * What keeps a web page from driving the admin API through the user's browser. DNS rebinding
 * points a page's own name at 127.0.0.1, so the browser calls the admin API as same-origin
 * with `Host: evil.example`: only known admin host names are answered. A cross-origin page
 * can still send simple requests (forms, `text/plain` posts): any request a browser marks as
 * coming from another origin (`Origin`, or `Sec-Fetch-Site` where no `Origin` is sent) is
 * refused unless that origin is allowed.
 */
export class BrowserRequestPolicy {
  private readonly anyHost: boolean;
  private readonly hosts: ReadonlySet<string>;
  private readonly origins: ReadonlySet<string>;

  constructor(settings: BrowserRequestSettings) {
    const own = WILDCARD_ADDRESSES.has(settings.host) ? [] : [isIP(settings.host) === 6 ? `[${settings.host}]` : settings.host];
    this.anyHost = settings.allowedHosts.includes('*');
    this.hosts = new Set([...LOOPBACK_HOSTS, ...own, ...settings.allowedHosts].map((h) => h.toLowerCase()));
    this.origins = new Set(settings.allowedOrigins.map((o) => new URL(o).origin));
  }

  /** The error to answer, or undefined when the request may go on. `encrypted`: it came over TLS. */
  refusal(headers: Headers, encrypted: boolean): AdminHttpError | undefined {
    const host = single(headers.host);
    const name = host === undefined ? undefined : hostNameOf(host);
    if (name === undefined) {
      return new AdminHttpError('admin.host-not-allowed', host === undefined ? 'a Host header is required' : `Host ${printable(host, 100)} is not valid`);
    }
    if (!this.anyHost && !this.hosts.has(name)) {
      return new AdminHttpError(
        'admin.host-not-allowed',
        `Host ${printable(name, 100)} is not an admin host name; the admin API answers ${[...this.hosts].join(', ')} ` +
          '(add names to admin.allowedHosts)',
      );
    }
    const origin = single(headers.origin);
    if (origin !== undefined) {
      if (this.isOwnOrAllowed(origin, `${encrypted ? 'https' : 'http'}://${host}`)) return undefined;
      return new AdminHttpError(
        'admin.origin-not-allowed',
        `cross-origin requests are refused: Origin ${printable(origin, 100)} is not the admin API's own origin nor in admin.allowedOrigins`,
      );
    }
    // Browsers send no Origin with simple GETs (an <img>, a <script>), but mark where they come from.
    const site = single(headers['sec-fetch-site']);
    if (site === 'cross-site' || site === 'same-site') {
      return new AdminHttpError('admin.origin-not-allowed', `cross-origin requests are refused (Sec-Fetch-Site: ${site})`);
    }
    return undefined;
  }

  private isOwnOrAllowed(origin: string, own: string): boolean {
    try {
      const normalized = new URL(origin).origin;
      return normalized !== 'null' && (normalized === new URL(own).origin || this.origins.has(normalized));
    } catch {
      // `null` (sandboxed frames, file: pages) and anything else that is no URL.
      return false;
    }
  }
}

/** The lower-case host name of a Host header (`name`, `name:port`, `[v6]:port`); undefined if malformed. */
export function hostNameOf(host: string): string | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?)(:\d{1,5})?$/.exec(host);
  return match ? match[1].toLowerCase() : undefined;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
