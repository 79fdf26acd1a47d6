import { BackendCredentialsUnavailable, type HeaderMap } from '#core';
import type { OAuth2Client } from './oauth2-client.js';
import { FAIL_FAST_MS, OAuth2Credentials, RENEW_MIN_AGE_MS } from './oauth2-credentials.js';
import { destinationPolicy, eventually, TestTokenEndpoint, tokenAnswer } from './token-endpoint.spec-support.js';

const SECRET = 'the-client-secret';

describe('OAuth2Credentials', () => {
  let endpoint: TestTokenEndpoint;
  let now: number;
  const clock = (): number => now;
  const created: OAuth2Credentials[] = [];

  beforeEach(async () => {
    endpoint = await TestTokenEndpoint.start();
    now = 1_000_000;
  });

  afterEach(async () => {
    await Promise.all(created.splice(0).map((c) => c.dispose()));
    await endpoint.close();
  });

  function credentials(options: { clock?: () => number; timeoutMs?: number; policy?: ReturnType<typeof destinationPolicy> } = {}): OAuth2Credentials {
    const client: OAuth2Client = { tokenUrl: endpoint.url, clientId: 'gw', clientSecret: SECRET, scopes: ['read'], clientAuthentication: 'basic' };
    const made = new OAuth2Credentials(client, options.policy ?? destinationPolicy(), {}, options.timeoutMs ?? 2000, options.clock ?? clock);
    created.push(made);
    return made;
  }

  /** Applies and returns the headers; fails when `apply` answers a promise although `sync` says it should not. */
  async function applied(creds: OAuth2Credentials, expect_: 'sync' | 'async' | 'any' = 'any'): Promise<HeaderMap> {
    const headers: HeaderMap = { authorization: 'Bearer from-the-client' };
    const result = creds.apply(headers);
    if (expect_ === 'sync') expect(result).toBeUndefined();
    if (expect_ === 'async') expect(result).toBeInstanceOf(Promise);
    await result;
    return headers;
  }

  async function failure(creds: OAuth2Credentials): Promise<BackendCredentialsUnavailable> {
    const error: unknown = await Promise.resolve(creds.apply({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendCredentialsUnavailable);
    return error as BackendCredentialsUnavailable;
  }

  it('fetches a token, then sets it synchronously while it is fresh (one token request)', async () => {
    const creds = credentials();
    expect(creds.renewable).toBe(true);
    expect(creds.query('?a=1')).toBe('?a=1');
    expect((await applied(creds, 'async')).authorization).toBe('Bearer token-1');
    expect((await applied(creds, 'sync')).authorization).toBe('Bearer token-1');
    expect(endpoint.requests).toHaveLength(1);
  });

  it('fetches again once the token is within its margin of expiring', async () => {
    endpoint.answer = (n) => ({ status: 200, body: JSON.stringify({ access_token: `token-${n}`, expires_in: 60 }) });
    const creds = credentials();
    await applied(creds);
    now += 53_000;
    expect((await applied(creds, 'sync')).authorization).toBe('Bearer token-1');
    now += 1_000; // 54 s: 60 s less the 6 s margin
    expect((await applied(creds, 'async')).authorization).toBe('Bearer token-2');
    expect(endpoint.requests).toHaveLength(2);
  });

  it('keeps a token without expires_in 5 minutes at most', async () => {
    endpoint.answer = (n) => ({ status: 200, body: JSON.stringify({ access_token: `token-${n}` }) });
    const creds = credentials();
    await applied(creds);
    now += 4 * 60_000;
    await applied(creds, 'sync');
    now += 60_000;
    expect((await applied(creds, 'async')).authorization).toBe('Bearer token-2');
  });

  it('asks once for 100 concurrent requests', async () => {
    const creds = credentials();
    const all = await Promise.all(Array.from({ length: 100 }, () => applied(creds, 'async')));
    expect(new Set(all.map((h) => h.authorization))).toEqual(new Set(['Bearer token-1']));
    expect(endpoint.requests).toHaveLength(1);
  });

  describe('renew after a 401', () => {
    it('drops the token the try carried, so that the next request fetches a new one', async () => {
      const creds = credentials();
      const sent = await applied(creds);
      now += RENEW_MIN_AGE_MS;
      expect(creds.renew(sent)).toBe(true);
      expect((await applied(creds, 'async')).authorization).toBe('Bearer token-2');
      expect(endpoint.requests).toHaveLength(2);
    });

    it('keeps a newer token when the try carried an older one (another request renewed), and still allows the retry', async () => {
      const creds = credentials();
      const first = await applied(creds);
      now += RENEW_MIN_AGE_MS;
      creds.renew(first);
      await applied(creds);
      expect(creds.renew(first)).toBe(true);
      expect((await applied(creds, 'sync')).authorization).toBe('Bearer token-2');
      expect(endpoint.requests).toHaveLength(2);
    });

    it('keeps a token only seconds old: the backend refuses for another reason, and another try would not help', async () => {
      const creds = credentials();
      const sent = await applied(creds);
      now += RENEW_MIN_AGE_MS - 1;
      expect(creds.renew(sent)).toBe(false);
      await applied(creds, 'sync');
      expect(endpoint.requests).toHaveLength(1);
    });

    it('answers 100 concurrent renewals of the same token with one new token', async () => {
      const creds = credentials();
      const sent = await applied(creds);
      now += RENEW_MIN_AGE_MS;
      const retries = Array.from({ length: 100 }, () => (creds.renew({ ...sent }) ? applied(creds) : undefined));
      expect(new Set((await Promise.all(retries)).map((h) => h?.authorization))).toEqual(new Set(['Bearer token-2']));
      expect(endpoint.requests).toHaveLength(2);
    });
  });

  describe('when the token endpoint fails', () => {
    it('rejects with the reason, naming the URL and the OAuth error but not the secret', async () => {
      endpoint.answer = () => ({ status: 401, body: JSON.stringify({ error: 'invalid_client' }) });
      const error = await failure(credentials());
      expect(error.message).toContain(endpoint.url);
      expect(error.message).toContain('invalid_client');
      expect(error.message).not.toContain(SECRET);
    });

    it('fails fast with the same error for a second, then asks again', async () => {
      endpoint.answer = (n) => (n === 1 ? { status: 503, body: '' } : tokenAnswer(n));
      const creds = credentials();
      const first = await failure(creds);
      now += FAIL_FAST_MS - 1;
      expect(await failure(creds)).toBe(first);
      expect(endpoint.requests).toHaveLength(1);
      now += 1;
      expect((await applied(creds, 'async')).authorization).toBe('Bearer token-2');
      expect(endpoint.requests).toHaveLength(2);
    });

    it('gives up on a token endpoint that does not answer in time', async () => {
      endpoint.answer = () => 'hold';
      expect((await failure(credentials({ timeoutMs: 200 }))).message).toBe(`token endpoint ${endpoint.url} did not answer within 200 ms`);
    });

    it('does not dial a token endpoint the destination rules deny', async () => {
      const policy = destinationPolicy((s) => s.upstream.destinations.deny.push('127.0.0.0/8'));
      expect((await failure(credentials({ policy }))).message).toMatch(/is refused: 127\.0\.0\.1 is denied by upstream\.destinations\.deny 127\.0\.0\.0\/8$/);
      expect(endpoint.requests).toHaveLength(0);
    });
  });

  describe('background refresh (real clock)', () => {
    beforeEach(() => {
      endpoint.answer = (n) => ({ status: 200, body: JSON.stringify({ access_token: `token-${n}`, token_type: 'bearer', expires_in: 2 }) });
    });

    it('replaces a token that was used before it goes stale, so requests do not wait', async () => {
      const creds = credentials({ clock: Date.now });
      await applied(creds);
      await eventually(() => endpoint.requests.length === 2);
      await eventually(() => creds.apply({}) === undefined);
      expect((await applied(creds, 'sync')).authorization).toBe('Bearer token-2');
    });

    it('does not refresh a token nobody used', async () => {
      const creds = credentials({ clock: Date.now });
      await applied(creds);
      await eventually(() => endpoint.requests.length === 2);
      // token-2 is not applied: its refresh time (0.5 s) passes without a request.
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(endpoint.requests).toHaveLength(2);
    });
  });

  describe('dispose', () => {
    it('is idempotent, and later requests are refused', async () => {
      const creds = credentials();
      await applied(creds);
      await Promise.all([creds.dispose(), creds.dispose()]);
      expect((await failure(creds)).message).toBe(`token endpoint ${endpoint.url}: the credentials were disposed`);
    });

    it('stops the background refresh', async () => {
      endpoint.answer = (n) => ({ status: 200, body: JSON.stringify({ access_token: `token-${n}`, expires_in: 2 }) });
      const creds = credentials({ clock: Date.now });
      await applied(creds);
      await creds.dispose();
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(endpoint.requests).toHaveLength(1);
    });
  });
});
