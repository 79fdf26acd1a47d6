import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { Logger } from '@nestjs/common';
import { DATA_PLANE_MARK_HEADER } from '#core';
import { type AdminHarness, basic, settingsIn, startAdmin, tempDir } from './admin-test-kit.spec-support.js';

const LIST = '/portico/v1/apis';
const TOKEN = '/api/mgw/adapter/0.1/oauth2/token';
const ADMIN = basic('admin', 'admin');

interface Answer {
  readonly status: number;
  readonly body: { code?: string; message?: string };
}

/** One request to `address:port`, with the Host of a loopback admin (so only the TCP peer differs). */
function send(address: string, port: number, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: address, port, path, method: body === undefined ? 'GET' : 'POST', headers: { host: `localhost:${port}`, ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') as Answer['body'] }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const tokenBody = JSON.stringify({ username: 'admin', password: 'admin' });
const json = { 'content-type': 'application/json' };

/** An address of this machine that is not loopback, to connect from a non-loopback client address. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((i) => i !== undefined && !i.internal && i.family === 'IPv4')?.address;

/** Issue 14 item 3: the built-in admin/admin is for a developer on this machine, connecting directly. */
describe('the built-in admin login', () => {
  let admin: AdminHarness | undefined;
  afterEach(async () => {
    await admin?.close();
    admin = undefined;
  });

  function port(harness: AdminHarness): number {
    return Number(new URL(harness.url).port);
  }

  it('is accepted from a loopback client connecting directly, with Basic and at the token endpoint', async () => {
    admin = await startAdmin(settingsIn(tempDir()));
    expect((await send('127.0.0.1', port(admin), LIST, { authorization: ADMIN })).status).toBe(200);
    expect((await send('127.0.0.1', port(admin), TOKEN, json, tokenBody)).status).toBe(200);
  });

  (outside ? it : it.skip)(
    `is refused to a client whose address is not loopback, even on a listener that accepts it${outside ? '' : ' (skipped: this machine has no non-loopback IPv4 address)'}`,
    async () => {
      admin = await startAdmin(settingsIn(tempDir()), { listenHost: '0.0.0.0' });
      for (const answer of [
        await send(outside!, port(admin), LIST, { authorization: ADMIN }),
        await send(outside!, port(admin), TOKEN, json, tokenBody),
      ]) {
        expect(answer.status).toBe(401);
        expect(answer.body).toMatchObject({
          code: 'admin.built-in-login-refused',
          message: expect.stringContaining(`the client address ${outside} is not loopback`),
        });
      }
    },
  );

  it.each([
    [DATA_PLANE_MARK_HEADER, 'a3f1', 'the request came through the gateway data plane'],
    ['x-forwarded-for', '203.0.113.9', 'the request came through a proxy (it carries x-forwarded-for)'],
    ['forwarded', 'for=203.0.113.9', 'the request came through a proxy (it carries forwarded)'],
    ['via', '1.1 proxy', 'the request came through a proxy (it carries via)'],
  ])('is refused to a loopback request relayed by a data plane or a proxy (%s)', async (header, value, reason) => {
    admin = await startAdmin(settingsIn(tempDir()));
    for (const answer of [
      await send('127.0.0.1', port(admin), LIST, { authorization: ADMIN, [header]: value }),
      await send('127.0.0.1', port(admin), TOKEN, { ...json, [header]: value }, tokenBody),
    ]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({
        status: 401,
        code: 'admin.built-in-login-refused',
        message:
          `the built-in admin login is accepted only from a loopback client connecting directly, and ${reason}; ` +
          'configure admin.users (or PORTICO_ADMIN_USERNAME and PORTICO_ADMIN_PASSWORD) to log in from elsewhere',
      });
    }
  });

  it('is refused to relayed requests without counting them as failures, so they cannot lock the local developer out', async () => {
    admin = await startAdmin(settingsIn(tempDir(), 'admin:\n  loginThrottle:\n    maxFailures: 2\n'));
    const warnings: string[] = [];
    Logger.overrideLogger({ log() {}, debug() {}, verbose() {}, error() {}, warn: (m: unknown) => warnings.push(String(m)) });
    try {
      for (let i = 0; i < 10; i++) {
        expect((await send('127.0.0.1', port(admin), LIST, { authorization: ADMIN, [DATA_PLANE_MARK_HEADER]: 'x' })).status).toBe(401);
      }
      expect((await send('127.0.0.1', port(admin), LIST, { authorization: ADMIN })).status).toBe(200);
      // One line at once, the rest counted in one more line (at the end of the minute, or at close).
      const line = 'Refused the built-in admin login: the request came through the gateway data plane; on GET /portico/v1/apis';
      expect(warnings).toEqual([line]);
      await admin.close();
      admin = undefined;
      expect(warnings).toEqual([line, `9 more like this in 60 s, the last: ${line}`]);
    } finally {
      Logger.overrideLogger(false);
    }
  });

  it('leaves configured users alone: their password is what protects them, wherever they come from', async () => {
    admin = await startAdmin(settingsIn(tempDir(), 'admin:\n  users:\n    - { username: ops, password: ops-pw }\n'));
    const relayed = { authorization: basic('ops', 'ops-pw'), [DATA_PLANE_MARK_HEADER]: 'x', 'x-forwarded-for': '203.0.113.9' };
    expect((await send('127.0.0.1', port(admin), LIST, relayed)).status).toBe(200);
  });
});
