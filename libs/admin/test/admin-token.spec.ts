import { generateKeyPairSync } from 'node:crypto';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { type AdminHarness, settingsIn, startAdmin, tempDir } from './admin-test-kit.spec-support.js';

const BASE = '/api/mgw/adapter/0.1';

function rsaKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

describe('admin tokens', () => {
  let admin: AdminHarness | undefined;
  afterEach(async () => {
    await admin?.close();
    admin = undefined;
  });

  async function tokenFrom(harness: AdminHarness, username = 'admin', password = 'admin'): Promise<string> {
    const res = await fetch(`${harness.url}${BASE}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  function listWith(harness: AdminHarness, token: string): Promise<Response> {
    return fetch(`${harness.url}${BASE}/apis`, { headers: { authorization: `Bearer ${token}` } });
  }

  async function withKeyFile(yaml = ''): Promise<{ harness: AdminHarness; key: string }> {
    const dir = tempDir();
    const key = rsaKey();
    writeFileSync(join(dir, 'token.key'), key);
    const harness = await startAdmin(settingsIn(dir, `admin:\n  tokenKeyFile: token.key\n${yaml}`));
    return { harness, key };
  }

  it('issues RS256 tokens with username, sub, scope admin, issuer portico-admin and the configured lifetime', async () => {
    const { harness, key } = await withKeyFile('  tokenTtl: 30m\n');
    admin = harness;
    const token = await tokenFrom(harness);
    const claims = jwt.verify(token, key, { algorithms: ['RS256'] }) as jwt.JwtPayload;
    expect(claims).toMatchObject({ username: 'admin', sub: 'admin', scope: 'admin', iss: 'portico-admin', cred_gen: expect.stringMatching(/^[\w-]{22}$/) });
    expect(claims.exp! - claims.iat!).toBe(1800);
    expect((await listWith(harness, token)).status).toBe(200);
  });

  it('caps the token lifetime at 24h', async () => {
    const { harness } = await withKeyFile('  tokenTtl: 48h\n');
    admin = harness;
    const claims = jwt.decode(await tokenFrom(harness)) as jwt.JwtPayload;
    expect(claims.exp! - claims.iat!).toBe(86_400);
  });

  it('answers 401 for an expired token, a token signed with another key, one without the admin scope or from another issuer', async () => {
    const { harness, key } = await withKeyFile();
    admin = harness;
    const now = Math.floor(Date.now() / 1000);
    const { cred_gen } = jwt.decode(await tokenFrom(harness)) as jwt.JwtPayload;
    const valid = { username: 'admin', sub: 'admin', scope: 'admin', iss: 'portico-admin', iat: now, exp: now + 600, cred_gen };
    const cases: [string, string][] = [
      ['expired', jwt.sign({ ...valid, iat: now - 120, exp: now - 60 }, key, { algorithm: 'RS256' })],
      ['wrong key', jwt.sign(valid, rsaKey(), { algorithm: 'RS256' })],
      ['no admin scope', jwt.sign({ ...valid, scope: 'read write' }, key, { algorithm: 'RS256' })],
      ['other issuer', jwt.sign({ ...valid, iss: 'someone-else' }, key, { algorithm: 'RS256' })],
      ['not signed', jwt.sign(valid, 'secret', { algorithm: 'HS256' })],
    ];
    expect((await listWith(harness, jwt.sign(valid, key, { algorithm: 'RS256' }))).status).toBe(200);
    for (const [what, token] of cases) {
      const res = await listWith(harness, token);
      expect([what, res.status]).toEqual([what, 401]);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="Portico admin"');
      expect(await res.json()).toMatchObject({ code: 'admin.unauthorized', message: expect.stringMatching(/^invalid admin token: /) });
    }
  });

  it('expires tokens after a sub-second tokenTtl', async () => {
    const { harness } = await withKeyFile('  tokenTtl: 500ms\n');
    admin = harness;
    const token = await tokenFrom(harness);
    expect((await listWith(harness, token)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await listWith(harness, token)).status).toBe(401);
  });

  it('generates the signing key once into <dataDir>/keys (mode 0600) and keeps accepting its tokens after a restart', async () => {
    const dir = tempDir();
    const first = await startAdmin(settingsIn(dir));
    const token = await tokenFrom(first);
    await first.close();
    const keyFile = join(dir, 'data', 'keys', 'admin-token.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    admin = await startAdmin(settingsIn(dir));
    expect((await listWith(admin, token)).status).toBe(200);
  });

  it('refuses a token signed with the key but without an expiry, or expiring more than 24h ahead', async () => {
    const { harness, key } = await withKeyFile();
    admin = harness;
    const claims = jwt.decode(await tokenFrom(harness)) as jwt.JwtPayload;
    const { exp: _exp, ...withoutExp } = claims;
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, object, string][] = [
      ['no exp', withoutExp, 'invalid admin token: it has no expiry (exp)'],
      ['exp in a year', { ...claims, exp: now + 365 * 86_400 }, 'invalid admin token: it expires more than 24h ahead'],
    ];
    for (const [what, payload, message] of cases) {
      const res = await listWith(harness, jwt.sign(payload, key, { algorithm: 'RS256', noTimestamp: true }));
      expect([what, res.status]).toEqual([what, 401]);
      expect(await res.json()).toEqual({ status: 401, code: 'admin.unauthorized', message });
    }
    expect((await listWith(harness, jwt.sign({ ...claims, exp: now + 86_400 }, key, { algorithm: 'RS256', noTimestamp: true }))).status).toBe(200);
  });

  describe('revocation (issue 14 item 6)', () => {
    const users = (ops: string, dev = 'dev-pw') =>
      `admin:\n  users:\n    - { username: ops, password: ${ops} }\n    - { username: dev, password: ${dev} }\n`;
    const revoked = {
      status: 401,
      code: 'admin.unauthorized',
      message: "invalid admin token: it was issued before the user's admin credentials changed, or for a user no longer configured",
    };

    it("revokes a user's tokens when a restart changes that user's password, and only that user's", async () => {
      const dir = tempDir();
      const first = await startAdmin(settingsIn(dir, users('old-pw')));
      const [ops, dev] = [await tokenFrom(first, 'ops', 'old-pw'), await tokenFrom(first, 'dev', 'dev-pw')];
      await first.close();

      admin = await startAdmin(settingsIn(dir, users('new-pw')));
      const res = await listWith(admin, ops);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(revoked);
      expect((await listWith(admin, dev)).status).toBe(200);
      expect((await listWith(admin, await tokenFrom(admin, 'ops', 'new-pw'))).status).toBe(200);
    });

    it('keeps tokens valid across a restart that changes no credentials, even when a password moves to the environment', async () => {
      const dir = tempDir();
      const first = await startAdmin(settingsIn(dir, users('same-pw')));
      const ops = await tokenFrom(first, 'ops', 'same-pw');
      await first.close();
      const moved = 'admin:\n  users:\n    - { username: ops, passwordEnv: OPS_PW }\n    - { username: dev, password: dev-pw }\n';
      admin = await startAdmin(settingsIn(dir, moved, { OPS_PW: 'same-pw' }));
      expect((await listWith(admin, ops)).status).toBe(200);
    });

    it('revokes the tokens of a user who is no longer configured, and those of the built-in user once a user is', async () => {
      const dir = tempDir();
      const builtIn = await startAdmin(settingsIn(dir));
      const admin0 = await tokenFrom(builtIn);
      await builtIn.close();
      const first = await startAdmin(settingsIn(dir, 'admin:\n  users:\n    - { username: admin, password: admin }\n    - { username: ops, password: ops-pw }\n'));
      expect(await (await listWith(first, admin0)).json()).toEqual(revoked);
      const ops = await tokenFrom(first, 'ops', 'ops-pw');
      await first.close();

      admin = await startAdmin(settingsIn(dir, 'admin:\n  users:\n    - { username: admin, password: admin }\n'));
      expect(await (await listWith(admin, ops)).json()).toEqual(revoked);
    });

    it('revokes every token when the generated signing key is deleted before a restart', async () => {
      const dir = tempDir();
      const first = await startAdmin(settingsIn(dir));
      const token = await tokenFrom(first);
      await first.close();
      rmSync(join(dir, 'data', 'keys', 'admin-token.key'));

      admin = await startAdmin(settingsIn(dir));
      const res = await listWith(admin, token);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'admin.unauthorized', message: 'invalid admin token: invalid signature' });
    });
  });
});
