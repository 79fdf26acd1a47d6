import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { BackendCredentialsUnavailable } from '#core';
import type { OAuth2Client } from './oauth2-client.js';
import { OAuth2TokenSource } from './oauth2-token-source.js';
import { destinationPolicy, TestTokenEndpoint } from './token-endpoint.spec-support.js';

const SECRET = 'sup3r s3cret:+&=';

describe('OAuth2TokenSource', () => {
  let endpoint: TestTokenEndpoint;
  const sources: OAuth2TokenSource[] = [];

  beforeEach(async () => {
    endpoint = await TestTokenEndpoint.start();
  });

  afterEach(async () => {
    await Promise.all(sources.splice(0).map((s) => s.close()));
    await endpoint.close();
  });

  function sourceFor(overrides: Partial<OAuth2Client> = {}, timeoutMs = 2000, policy = destinationPolicy()): OAuth2TokenSource {
    const client: OAuth2Client = { tokenUrl: endpoint.url, clientId: 'gateway:client', clientSecret: SECRET, scopes: [], clientAuthentication: 'basic', ...overrides };
    const source = new OAuth2TokenSource(client, policy, {}, timeoutMs);
    sources.push(source);
    return source;
  }

  async function failureOf(source: OAuth2TokenSource): Promise<BackendCredentialsUnavailable> {
    const error: unknown = await source.fetch().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackendCredentialsUnavailable);
    return error as BackendCredentialsUnavailable;
  }

  describe('the token request (RFC 6749 §4.4.2)', () => {
    it('posts the grant as a form, with the client in a Basic header whose id and secret are form-urlencoded first', async () => {
      await expect(sourceFor({ scopes: ['read:pets', 'write'], audience: 'https://api.example' }).fetch()).resolves.toEqual({ accessToken: 'token-1', expiresInSeconds: 3600 });
      const [request] = endpoint.requests;
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/oauth2/token');
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(request.headers.accept).toBe('application/json');
      const userPass = Buffer.from(String(request.headers.authorization).replace(/^Basic /, ''), 'base64').toString();
      expect(userPass).toBe('gateway%3Aclient:sup3r+s3cret%3A%2B%26%3D');
      expect(Object.fromEntries(request.form)).toEqual({ grant_type: 'client_credentials', scope: 'read:pets write', audience: 'https://api.example' });
    });

    it('sends the client as form fields with body authentication, and no scope or audience when there are none', async () => {
      await sourceFor({ clientAuthentication: 'body' }).fetch();
      const [request] = endpoint.requests;
      expect(request.headers.authorization).toBeUndefined();
      expect(Object.fromEntries(request.form)).toEqual({ grant_type: 'client_credentials', client_id: 'gateway:client', client_secret: SECRET });
    });

    it('keeps the query of the token URL', async () => {
      await sourceFor({ tokenUrl: `${endpoint.url}?tenant=a` }).fetch();
      expect(endpoint.requests[0].path).toBe('/oauth2/token?tenant=a');
    });
  });

  describe('the token response (RFC 6749 §5.1)', () => {
    it.each([
      [{ access_token: 'abc', token_type: 'bearer', expires_in: '120' }, { accessToken: 'abc', expiresInSeconds: 120 }],
      [{ access_token: 'abc', token_type: 'BEARER' }, { accessToken: 'abc', expiresInSeconds: undefined }],
      [{ access_token: 'abc' }, { accessToken: 'abc', expiresInSeconds: undefined }],
      [{ access_token: 'abc', expires_in: 'soon' }, { accessToken: 'abc', expiresInSeconds: undefined }],
    ])('accepts %j', async (body, issued) => {
      endpoint.answer = () => ({ status: 200, body: JSON.stringify(body) });
      await expect(sourceFor().fetch()).resolves.toEqual(issued);
    });

    it.each([
      ['not json', 'answered 200 with a body that is not a JSON object'],
      ['[1]', 'answered 200 with a body that is not a JSON object'],
      ['{"token_type":"bearer"}', 'answered 200 without an access_token'],
      ['{"access_token":"a b"}', 'answered 200 with an access_token that cannot be sent in a header'],
      ['{"access_token":"secret-token","token_type":"mac"}', 'answered 200 with token_type "mac", not bearer'],
    ])('refuses %s', async (body, reason) => {
      endpoint.answer = () => ({ status: 200, body });
      const error = await failureOf(sourceFor());
      expect(error.message).toBe(`token endpoint ${endpoint.url} ${reason}`);
      expect(error.message).not.toContain('secret-token');
    });
  });

  describe('failures', () => {
    it('names the URL, the status and the OAuth error, never the secret, even when the endpoint echoes it', async () => {
      endpoint.answer = () => ({ status: 401, body: JSON.stringify({ error: 'invalid_client', error_description: `unknown secret ${SECRET}` }) });
      const error = await failureOf(sourceFor());
      expect(error.message).toBe(`token endpoint ${endpoint.url} answered 401 (invalid_client: unknown secret ***)`);
      expect(error.message).not.toContain('s3cret');
    });

    it('names the status alone when the body says nothing more', async () => {
      endpoint.answer = () => ({ status: 503, body: '<html>down</html>' });
      expect((await failureOf(sourceFor())).message).toBe(`token endpoint ${endpoint.url} answered 503`);
    });

    it('does not show the user info or query of the token URL', async () => {
      endpoint.answer = () => ({ status: 500, body: '' });
      const error = await failureOf(sourceFor({ tokenUrl: `http://user:pw@127.0.0.1:${endpoint.port}/oauth2/token?key=k1` }));
      expect(error.message).toBe(`token endpoint ${endpoint.url} answered 500`);
    });

    it('gives up when the endpoint does not answer in time', async () => {
      endpoint.answer = () => 'hold';
      expect((await failureOf(sourceFor({}, 200))).message).toBe(`token endpoint ${endpoint.url} did not answer within 200 ms`);
    });

    it('says when the endpoint cannot be reached', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const error = await failureOf(sourceFor({ tokenUrl: `http://127.0.0.1:${port}/token` }));
      expect(error.message).toMatch(new RegExp(`^token endpoint http://127\\.0\\.0\\.1:${port}/token could not be reached: .*ECONNREFUSED`));
    });

    it('does not dial a destination the rules deny', async () => {
      const policy = destinationPolicy((s) => s.upstream.destinations.deny.push('127.0.0.0/8'));
      const error = await failureOf(sourceFor({}, 2000, policy));
      expect(error.message).toBe(`token endpoint ${endpoint.url} is refused: 127.0.0.1 is denied by upstream.destinations.deny 127.0.0.0/8`);
      expect(endpoint.requests).toHaveLength(0);
    });

    it('checks the addresses a name resolves to', async () => {
      const policy = destinationPolicy((s) => s.upstream.destinations.deny.push('127.0.0.0/8', '::1/128'));
      const error = await failureOf(sourceFor({ tokenUrl: `http://localhost:${endpoint.port}/oauth2/token` }, 2000, policy));
      expect(error.message).toMatch(/is refused: localhost resolves to .* is denied by upstream\.destinations\.deny/);
      expect(endpoint.requests).toHaveLength(0);
    });
  });

  it('refuses a token URL that is not http or https', () => {
    expect(() => sourceFor({ tokenUrl: 'ftp://127.0.0.1/token' })).toThrow('the token URL must be http or https: ftp:');
  });
});
