import type { ConnectionOptions } from 'node:tls';
import { type BackendCredentials, BackendCredentialsUnavailable, type HeaderMap } from '#core';
import type { UpstreamDestinationPolicy } from '#settings';
import type { OAuth2Client } from './oauth2-client.js';
import { OAuth2TokenSource } from './oauth2-token-source.js';
import { tokenLifetime } from './token-lifetime.js';

/** After a failed token request, requests fail at once for this long instead of asking again. */
export const FAIL_FAST_MS = 1000;

/**
 * A 401 to a token younger than this is not the token's fault (the backend refuses for another
 * reason): it is kept, so a backend refusing everything costs no token request per request.
 */
export const RENEW_MIN_AGE_MS = 5000;

/** setTimeout fires at once beyond this; such a refresh is left to the next request. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface CachedToken {
  /** `Bearer <token>`, built once. */
  readonly header: string;
  readonly fetchedAt: number;
  readonly freshUntil: number;
  readonly refreshAt: number;
}

/**
 * A bearer token from the OAuth2 client credentials grant, cached until shortly before it
 * expires. While it is fresh, `apply` sets it synchronously (the hot path, no promise); otherwise
 * every request waits on the same token request (single flight). A token the backend answered
 * 401 to is dropped (`renew`) unless it is only seconds old. A token that was used is replaced in
 * the background shortly before it goes stale, so steady traffic does not wait on the endpoint.
 */
export class OAuth2Credentials implements BackendCredentials {
  readonly renewable = true;
  private readonly source: OAuth2TokenSource;
  private current: CachedToken | undefined;
  private pending: Promise<string> | undefined;
  private failure: { readonly error: BackendCredentialsUnavailable; readonly until: number } | undefined;
  /** Whether the current token was sent since it was stored: idle credentials are not refreshed. */
  private used = false;
  private refreshTimer: NodeJS.Timeout | undefined;
  private disposed: Promise<void> | undefined;

  constructor(
    oauth2: OAuth2Client,
    destinations: UpstreamDestinationPolicy,
    tls: ConnectionOptions,
    timeoutMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.source = new OAuth2TokenSource(oauth2, destinations, tls, timeoutMs);
  }

  apply(headers: HeaderMap): Promise<void> | undefined {
    const token = this.current;
    if (token !== undefined && this.clock() < token.freshUntil) {
      headers.authorization = token.header;
      this.used = true;
      return undefined;
    }
    return this.nextToken().then((header) => {
      headers.authorization = header;
      this.used = true;
    });
  }

  renew(headers: HeaderMap): boolean {
    const current = this.current;
    // The try carried an older token (another request renewed): the next try gets a newer one.
    if (current === undefined || headers.authorization !== current.header) return true;
    if (this.clock() - current.fetchedAt < RENEW_MIN_AGE_MS) return false;
    this.current = undefined;
    this.cancelRefresh();
    return true;
  }

  query(search: string): string {
    return search;
  }

  dispose(): Promise<void> {
    this.disposed ??= this.close();
    return this.disposed;
  }

  private async close(): Promise<void> {
    this.cancelRefresh();
    this.current = undefined;
    await this.source.close();
  }

  private nextToken(): Promise<string> {
    if (this.disposed !== undefined) return Promise.reject(new BackendCredentialsUnavailable(`token endpoint ${this.source.endpoint}: the credentials were disposed`));
    if (this.pending !== undefined) return this.pending;
    const failure = this.failure;
    if (failure !== undefined && this.clock() < failure.until) return Promise.reject(failure.error);
    return this.fetchToken();
  }

  private fetchToken(): Promise<string> {
    const pending = this.source.fetch().then(
      (issued) => {
        this.pending = undefined;
        this.failure = undefined;
        const header = `Bearer ${issued.accessToken}`;
        const fetchedAt = this.clock();
        if (this.disposed === undefined) this.store({ header, fetchedAt, ...tokenLifetime(fetchedAt, issued.expiresInSeconds) });
        return header;
      },
      (error: unknown) => {
        this.pending = undefined;
        const unavailable = error instanceof BackendCredentialsUnavailable ? error : new BackendCredentialsUnavailable(`token endpoint ${this.source.endpoint} failed`);
        this.failure = { error: unavailable, until: this.clock() + FAIL_FAST_MS };
        throw unavailable;
      },
    );
    this.pending = pending;
    return pending;
  }

  private store(token: CachedToken): void {
    this.current = token;
    this.used = false;
    this.cancelRefresh();
    const delay = token.refreshAt - this.clock();
    if (delay > MAX_TIMER_MS) return;
    this.refreshTimer = setTimeout(() => this.refreshInBackground(), Math.max(0, delay));
    this.refreshTimer.unref();
  }

  private refreshInBackground(): void {
    this.refreshTimer = undefined;
    if (!this.used || this.pending !== undefined || this.disposed !== undefined) return;
    // Nobody waits on it: a failure only opens the fail-fast window; the current token stays until stale.
    this.fetchToken().catch(() => undefined);
  }

  private cancelRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
  }
}
