import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { ADMIN_AUTH, call, startTestGateway, type TestGateway } from '#testing';
import { ADAPTER_BASE, PORTICO_BASE } from './support/admin-api.js';
import { HealthProbe } from './support/health-probe.js';
import { eventually, within } from './support/waiting.js';
import { RawConnection, type RawResponse } from './support/raw-connection.js';

/**
 * Issue 14 item 1: no admin request body is read before its credentials are checked, the token
 * endpoint reads a few KB of JSON at most, and authenticated uploads are read a few at a time.
 */

const TOKEN = `${ADAPTER_BASE}/oauth2/token`;
const MiB = 1024 * 1024;


function head(method: string, path: string, headers: Record<string, string | number>): string {
  const lines = Object.entries({ host: 'localhost', ...headers }).map(([name, value]) => `${name}: ${value}`);
  return `${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** Sends a head declaring `declared` bytes and only `sent` of them; the answer must come without the rest. */
async function partialUpload(port: number, method: string, path: string, headers: Record<string, string | number>, declared: number, sent: number): Promise<{ res: RawResponse | undefined; conn: RawConnection }> {
  const conn = await RawConnection.open(port);
  await conn.write(head(method, path, { ...headers, 'content-length': declared }));
  await conn.write(Buffer.alloc(sent, 0x61));
  const res = await within(conn.response(), `${method} ${path} with ${sent} of ${declared} body bytes sent`);
  return { res, conn };
}

function errorBody(res: RawResponse | undefined): { status: number; code: string; message: string } {
  expect(res).toBeDefined();
  return JSON.parse(res!.body) as { status: number; code: string; message: string };
}

describe('admin request bodies (issue 14 item 1)', () => {
  let gw: TestGateway;
  let adminPort: number;
  let warnings: string[];
  let errors: string[];

  beforeAll(async () => {
    gw = await startTestGateway({ settings: { admin: { limits: { maxConcurrentUploads: 2 } } } });
    adminPort = gw.running.ports.admin!;
  });
  afterAll(() => gw.destroy());

  beforeEach(() => {
    warnings = [];
    errors = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void errors.push(String(message)));
  });
  afterEach(() => jest.restoreAllMocks());

  it('answers 401 to uploads without credentials before their bodies are read, ten at a time on every upload route, while the data plane keeps serving', async () => {
    const probe = HealthProbe.start(gw.running.ports.http);
    const routes: [string, string, string][] = [
      ['POST', `${PORTICO_BASE}/apis`, 'application/zip'],
      ['PUT', `${PORTICO_BASE}/apis/Pets/v1`, 'application/yaml'],
      ['POST', `${ADAPTER_BASE}/apis`, 'multipart/form-data; boundary=x'],
    ];
    for (const [method, path, type] of routes) {
      // 4 MB declared, 64 KB sent: an answer proves the rest was never waited for.
      const attempts = await Promise.all(Array.from({ length: 10 }, () => partialUpload(adminPort, method, path, { 'content-type': type }, 4 * MiB, 64 * 1024)));
      for (const { res, conn } of attempts) {
        expect([method, path, res?.status]).toEqual([method, path, 401]);
        expect(errorBody(res)).toMatchObject({ status: 401, code: 'admin.unauthorized' });
        expect(res!.headers.connection).toBe('close');
        // The server hangs up rather than read what is left.
        await within(conn.closed, 'the connection to close');
      }
    }
    const report = await probe.stop();
    expect(report.failures).toEqual([]);
    expect(report.answered).toBeGreaterThan(0);
    expect(report.slowestMs).toBeLessThan(1000);
  });

  it('answers 413 to a token request over 4 KB before reading it, whether it declares its length or not', async () => {
    const declared = await partialUpload(adminPort, 'POST', TOKEN, { 'content-type': 'application/json' }, 4 * MiB, 64 * 1024);
    expect(declared.res?.status).toBe(413);
    expect(errorBody(declared.res)).toEqual({ status: 413, code: 'admin.body-too-large', message: 'the request body is larger than 4096 bytes, the most this route accepts' });

    const chunked = await RawConnection.open(adminPort);
    await chunked.write(head('POST', TOKEN, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }));
    for (let i = 0; i < 8; i++) await chunked.write(`400\r\n${'a'.repeat(1024)}\r\n`);
    const res = await within(chunked.response(), 'a chunked token request of 8 KB');
    expect(errorBody(res)).toMatchObject({ status: 413, code: 'admin.body-too-large' });
    chunked.destroy();

    // A 2 MB body nested a million deep was a 500 with a stack trace in the log.
    const deep = await RawConnection.open(adminPort);
    const brackets = `${'['.repeat(MiB)}${']'.repeat(MiB)}`;
    await deep.write(head('POST', TOKEN, { 'content-type': 'application/json', 'content-length': brackets.length }));
    void deep.write(brackets);
    expect((await within(deep.response(), 'a token request nested a million deep'))?.status).toBe(413);

    // One line for the operator, however many were refused (the rest are counted).
    expect(warnings.filter((w) => w.startsWith('Refused admin request: 413 admin.body-too-large'))).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('answers a deeply nested token body that fits the limit with a clean 400, and logs no error', async () => {
    const nested = `{"username":${'['.repeat(1500)}${']'.repeat(1500)},"password":"x"}`;
    const res = await call({ port: adminPort, path: TOKEN, method: 'POST', headers: { 'content-type': 'application/json' }, body: nested });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ status: 400, code: 'admin.body-malformed', message: 'the JSON body is nested deeper than 16 levels' });
    expect(errors).toEqual([]);
  });

  it('takes only application/json at the token endpoint (415 otherwise) and still issues tokens', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await call({ port: adminPort, path: TOKEN, method: 'POST', headers: { 'content-type': type }, body: 'username=admin&password=admin' });
      expect([type, res.status]).toEqual([type, 415]);
      expect(res.json()).toMatchObject({ status: 415, code: 'admin.media-type-unsupported', message: expect.stringContaining('send one of application/json') });
    }
    const ok = await call({ port: adminPort, path: TOKEN, method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"username":"admin","password":"admin"}' });
    expect(ok.status).toBe(200);
  });

  it('reads at most admin.limits.maxConcurrentUploads authenticated uploads at once: one more is 503 with Retry-After, before its body is read', async () => {
    const authHeaders = { authorization: ADMIN_AUTH, 'content-type': 'application/zip', 'content-length': MiB };
    const held = await Promise.all(
      [1, 2].map(async () => {
        const conn = await RawConnection.open(adminPort);
        await conn.write(head('POST', `${PORTICO_BASE}/apis`, authHeaders));
        await conn.write(Buffer.alloc(1024));
        return conn;
      }),
    );
    // A small complete upload: answered at once when admitted, 503 once both slots are held.
    const smallUpload = () => gw.admin(`${PORTICO_BASE}/apis`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: 'not: [an api' });
    const busy = await eventually(smallUpload, (r) => r.status === 503);
    expect(busy.headers['retry-after']).toBe('5');
    expect(busy.json()).toMatchObject({ status: 503, code: 'admin.uploads-busy', message: expect.stringContaining('admin.limits.maxConcurrentUploads') });

    // Credentials still come first, and reads are not uploads.
    const anonymous = await partialUpload(adminPort, 'POST', `${PORTICO_BASE}/apis`, { 'content-type': 'application/zip' }, 4 * MiB, 1024);
    expect(anonymous.res?.status).toBe(401);
    expect((await gw.admin(`${PORTICO_BASE}/apis`)).status).toBe(200);

    for (const conn of held) conn.destroy();
    const admitted = await eventually(smallUpload, (r) => r.status !== 503);
    expect(admitted.status).toBe(400);
    expect(warnings.some((w) => w.startsWith('Rejected deploy: 503 [admin.uploads-busy]; user admin (basic)'))).toBe(true);
  });
});

