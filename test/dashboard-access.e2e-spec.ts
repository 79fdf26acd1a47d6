import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { Global, Logger, Module } from '@nestjs/common';
import WebSocket from 'ws';
import { DASHBOARD_ASSETS_DIR } from '#admin';
import { ADMIN_AUTH, call, type CallResult, openApiDocument, startBackend, startTestGateway, type TestBackend, type TestGateway } from '#testing';
import { PORTICO_BASE, type PorticoListBody } from './support/admin-api.js';
import { eventually, within } from './support/waiting.js';

/**
 * Issue 23: the dashboard (`/ui`) is served by the admin listener behind the admin API's own
 * authentication. A login form trades the password for the admin token in an HttpOnly cookie;
 * without it, nothing of the app or its data is reachable. Also the data the dashboard adds to
 * the admin API: paging of the API list and the traffic history of its charts.
 */

const ASSETS = join(process.cwd(), 'libs/admin/ui-assets');
const FILES = readdirSync(ASSETS).filter((name) => /\.(html|js|css|svg|png)$/.test(name));
const PUBLIC = ['login.html', 'styles.css', 'login.js', 'favicon.svg'];
const DATA_ROUTES = [`${PORTICO_BASE}/session`, `${PORTICO_BASE}/apis`, `${PORTICO_BASE}/apis?offset=0&limit=50`, `${PORTICO_BASE}/traffic`, `${PORTICO_BASE}/clusters`, '/metrics'];
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const FORM = 'application/x-www-form-urlencoded';

interface AuditLine {
  readonly action: string;
  readonly actor?: string;
  readonly outcome: string;
  readonly status: number;
}

interface TrafficBody {
  intervalSeconds: number;
  total: number;
  apis: { name: string; version: string; points: { t: string; rps: number; errorRate: number; p50: number | null; p95: number | null; p99: number | null }[] }[];
}

function contentOf(name: string): string {
  return readFileSync(join(ASSETS, name), 'utf8');
}

function expectDashboardHeaders(res: CallResult): void {
  expect(res.headers['content-security-policy']).toBe(CSP);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('same-origin');
}

describe('the dashboard behind the admin login (issue 23)', () => {
  let gw: TestGateway;
  let backend: TestBackend;
  let port: number;
  let cookie: string;

  const get = (path: string, headers: Record<string, string> = {}, tls = false): Promise<CallResult> => call({ port, path, headers, tls });
  const signIn = (username: string, password: string, tls = false): Promise<CallResult> =>
    call({ port, tls, method: 'POST', path: '/ui/login', headers: { 'content-type': FORM }, body: new URLSearchParams({ username, password }).toString() });
  const auditLines = (): AuditLine[] =>
    readFileSync(join(gw.dir, 'audit.log'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as AuditLine);

  beforeAll(async () => {
    backend = await startBackend((req, res) => {
      const status = Number(/\/status\/(\d{3})/.exec(req.url ?? '')?.[1] ?? 200);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(String(status));
    });
    gw = await startTestGateway({
      settings: { admin: { protocols: 'both', audit: { destination: 'audit.log' }, loginThrottle: { maxFailures: 50 } }, metrics: { trafficSampleSeconds: 1 } },
    });
    port = gw.running.ports.admin!;
    for (const title of ['Orders', 'Billing', 'Ordnance']) {
      const document = openApiDocument({ title, basePath: `/${title.toLowerCase()}`, production: [backend.url] });
      const res = await gw.admin(`${PORTICO_BASE}/apis`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: document });
      expect(res.status).toBe(201);
    }
    const login = await signIn('admin', 'admin');
    cookie = String(login.headers['set-cookie']?.[0]).split(';')[0];
  });
  afterAll(async () => {
    await gw.destroy();
    await backend.close();
  });

  it('sends a browser without a session from the pages to the login page, and shows none of the app', async () => {
    for (const path of ['/ui', '/ui/']) {
      const res = await get(path);
      expect([path, res.status, res.headers.location]).toEqual([path, 303, '/ui/login']);
      expect(res.text).toBe('');
      expectDashboardHeaders(res);
    }
  });

  it('refuses every file of the app without a session (401), and serves only the login page and what it loads', async () => {
    expect(FILES).toEqual(expect.arrayContaining(['index.html', 'login.html']));
    for (const name of FILES.filter((file) => !PUBLIC.includes(file))) {
      const res = await get(`/ui/${name}`);
      expect([name, res.status, res.json()]).toEqual([name, 401, expect.objectContaining({ code: 'admin.unauthorized' })]);
      expectDashboardHeaders(res);
    }
    const login = await get('/ui/login');
    expect([login.status, login.headers['content-type'], login.headers['cache-control'], login.text]).toEqual([200, 'text/html; charset=utf-8', 'no-store', contentOf('login.html')]);
    expectDashboardHeaders(login);
    for (const name of PUBLIC.filter((file) => file !== 'login.html' && FILES.includes(file))) {
      expect([name, (await get(`/ui/${name}`)).status]).toEqual([name, 200]);
    }
  });

  it('refuses the data routes and the event stream without credentials', async () => {
    for (const path of DATA_ROUTES) {
      const res = await get(path);
      expect([path, res.status, res.json<{ code: string }>().code]).toEqual([path, 401, 'admin.unauthorized']);
      expect(res.text).not.toContain('Orders');
    }
    expect(await handshake({})).toBe(401);
  });

  it('logs in through the form: 303 to the app with the admin token in an HttpOnly, SameSite=Strict cookie', async () => {
    const res = await signIn('admin', 'admin');
    expect([res.status, res.headers.location]).toEqual([303, '/ui/']);
    expect(res.headers['set-cookie']).toEqual([expect.stringMatching(/^portico_admin=[\w-]+\.[\w-]+\.[\w-]+; HttpOnly; SameSite=Strict; Path=\/; Max-Age=3600$/)]);
    expectDashboardHeaders(res);
    const tls = await signIn('admin', 'admin', true);
    expect(tls.headers['set-cookie']?.[0]).toMatch(/; Max-Age=3600; Secure$/);
  });

  it('opens the app, its files, the data, the metrics and the event stream with the cookie', async () => {
    const app = await get('/ui/', { cookie });
    expect([app.status, app.headers['content-type'], app.headers['cache-control'], app.text]).toEqual([200, 'text/html; charset=utf-8', 'no-store', contentOf('index.html')]);
    expectDashboardHeaders(app);
    expect((await get('/ui', { cookie })).text).toBe(contentOf('index.html'));
    for (const name of FILES.filter((file) => file.endsWith('.js') || file.endsWith('.css'))) {
      const res = await get(`/ui/${name}`, { cookie: `theme=dark; ${cookie}` });
      expect([name, res.status, res.headers['content-type'], res.text]).toEqual([name, 200, expect.stringMatching(/^text\/(javascript|css); charset=utf-8$/), contentOf(name)]);
      expect((await get(`/ui/${name}`, { cookie, 'if-none-match': String(res.headers.etag) })).status).toBe(304);
    }
    const apis = await get(`${PORTICO_BASE}/apis`, { cookie });
    expect([apis.status, apis.json<PorticoListBody>().total]).toEqual([200, 3]);
    expect((await get(`${PORTICO_BASE}/session`, { cookie })).json()).toEqual({ username: 'admin', via: 'token' });
    const metrics = await get('/metrics', { cookie });
    expect([metrics.status, metrics.text]).toEqual([200, expect.stringContaining('portico_requests_total')]);
    expect(await handshake({ cookie })).toBe(101);
    expect(await handshake({ cookie }, true)).toBe(101);
  });

  it('refuses a cross-origin request that carries the cookie', async () => {
    for (const path of ['/ui/', '/ui/app.js', `${PORTICO_BASE}/apis`, '/metrics']) {
      const foreign = await get(path, { cookie, origin: 'https://evil.example' });
      expect([path, foreign.status, foreign.json<{ code: string }>().code]).toEqual([path, 403, 'admin.origin-not-allowed']);
      expect([path, (await get(path, { cookie, 'sec-fetch-site': 'cross-site' })).status]).toEqual([path, 403]);
    }
    const del = await call({ port, method: 'DELETE', path: `${PORTICO_BASE}/apis/Orders/1.0.0`, headers: { cookie, origin: 'http://evil.example' } });
    expect(del.status).toBe(403);
    expect(await handshake({ cookie, origin: 'https://evil.example' })).toBe(403);
    expect((await get(`${PORTICO_BASE}/apis/Orders/1.0.0`, { cookie })).status).toBe(200);
  });

  it('sends a wrong password back to the login page with ?failed=1, audited like any failed login', async () => {
    const res = await signIn('admin', 'wrong');
    expect([res.status, res.headers.location, res.headers['set-cookie']]).toEqual([303, '/ui/login?failed=1', undefined]);
    const failed = expect.objectContaining({ action: 'login', actor: 'admin', outcome: 'failure', status: 401 });
    // The audit log is written as the answer goes out: the line may follow it by a moment.
    await eventually(async () => auditLines(), (lines) => lines.some((line) => line.outcome === 'failure'));
    expect(auditLines()).toContainEqual(failed);
  });

  it('refuses a session cookie that is no valid token, and clears it on the way to the login page', async () => {
    expect((await get(`${PORTICO_BASE}/apis`, { cookie: 'portico_admin=not.a.token' })).status).toBe(401);
    const page = await get('/ui/', { cookie: 'portico_admin=not.a.token' });
    expect([page.status, page.headers.location, page.headers['set-cookie']]).toEqual([303, '/ui/login', [expect.stringContaining('portico_admin=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0')]]);
  });

  it('logs out: the cookie is cleared', async () => {
    const res = await call({ port, method: 'POST', path: '/ui/logout', headers: { cookie } });
    expect([res.status, res.headers.location, res.headers['set-cookie']]).toEqual([303, '/ui/login', ['portico_admin=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0']]);
  });

  it('never serves a file outside the folder', async () => {
    const outside = readFileSync(join(process.cwd(), 'package.json'), 'utf8');
    for (const path of ['/ui/..%2f..%2fpackage.json', '/ui/..%2f..%2f..%2f..%2fpackage.json', '/ui/%2e%2e/', '/ui/%2e%2e', '/ui/../../package.json', '/ui/.%2e/.%2e/package.json', '/ui/src%2fui%2fdashboard-routes.ts']) {
      const res = await get(path, { cookie });
      expect([path, [400, 404].includes(res.status)]).toEqual([path, true]);
      expect(res.text).not.toContain(outside.slice(0, 40));
    }
  });

  it('pages the API list with offset and limit, with and without a search', async () => {
    const list = async (query: string): Promise<PorticoListBody> => (await gw.admin(`${PORTICO_BASE}/apis?${query}`)).json<PorticoListBody>();
    const all = await list('');
    expect(all.list.map((api) => api.name)).toHaveLength(3);
    const pages = [await list('offset=0&limit=2'), await list('offset=2&limit=2')];
    expect(pages.map((page) => page.total)).toEqual([3, 3]);
    expect(pages.flatMap((page) => page.list.map((api) => api.name))).toEqual(all.list.map((api) => api.name));
    const searched = await list('query=ord&offset=1&limit=1');
    expect([searched.total, searched.list.length]).toEqual([2, 1]);
    expect((await list('query=ord&offset=5')).list).toEqual([]);
    for (const bad of ['limit=0', 'limit=501', 'limit=abc', 'offset=-1', 'offset=1.5']) {
      const res = await gw.admin(`${PORTICO_BASE}/apis?${bad}`);
      expect([bad, res.status, res.json<{ code: string }>().code]).toEqual([bad, 422, 'admin.parameter-invalid']);
    }
  });

  it('shows the traffic of real requests: rps, error rate and latency percentiles per API', async () => {
    for (let i = 0; i < 6; i++) expect((await gw.request('/orders/items')).status).toBe(200);
    for (const status of [503, 500]) expect((await gw.request(`/orders/status/${status}`)).status).toBe(status);
    const traffic = await eventually(
      async () => (await get(`${PORTICO_BASE}/traffic?minutes=5`, { authorization: ADMIN_AUTH })).json<TrafficBody>(),
      (body) => body.apis.some((api) => api.name === 'Orders' && api.points.reduce((sum, p) => sum + p.rps, 0) > 0),
    );
    expect(traffic.intervalSeconds).toBe(1);
    expect(traffic.total).toBe(3);
    expect(traffic.apis[0].name).toBe('Orders');
    const busy = traffic.apis[0].points.filter((p) => p.rps > 0);
    expect(busy.some((p) => p.errorRate > 0 && p.p50 !== null && p.p99 !== null)).toBe(true);
    expect(traffic.apis.slice(1).flatMap((api) => api.points).every((p) => p.rps === 0 && p.p50 === null)).toBe(true);
    const one = await gw.admin(`${PORTICO_BASE}/traffic?query=bill&limit=1`);
    expect(one.json<TrafficBody>().apis.map((api) => api.name)).toEqual(['Billing']);
    for (const bad of ['minutes=0', 'minutes=61', 'limit=0']) expect([bad, (await gw.admin(`${PORTICO_BASE}/traffic?${bad}`)).status]).toEqual([bad, 422]);
  });

  /** The status of an event stream handshake (101: upgraded). */
  function handshake(headers: Record<string, string>, tls = false): Promise<number> {
    const socket = new WebSocket(`${tls ? 'wss' : 'ws'}://127.0.0.1:${port}${PORTICO_BASE}/events`, ['portico.events.v1'], { headers, rejectUnauthorized: false });
    return within(
      new Promise<number>((resolve) => {
        socket.once('upgrade', () => resolve(101));
        socket.once('open', () => socket.close());
        socket.once('unexpected-response', (_req, res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        socket.once('error', () => undefined);
      }),
      'the handshake',
    );
  }
});

/** An application's own folder of dashboard files: here one that does not exist. */
const MISSING_ASSETS = join(tmpdir(), 'portico-no-such-dashboard');

@Global()
@Module({ providers: [{ provide: DASHBOARD_ASSETS_DIR, useValue: MISSING_ASSETS }], exports: [DASHBOARD_ASSETS_DIR] })
class MissingAssetsModule {}

describe('the dashboard with metrics off, a strict login throttle and no files', () => {
  let gw: TestGateway;
  const warnings: string[] = [];

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    gw = await startTestGateway({
      settings: { metrics: { enabled: false }, admin: { loginThrottle: { maxFailures: 1, lockoutMs: 60_000 } } },
      start: { imports: [MissingAssetsModule] },
    });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await gw.destroy();
  });

  it('says once at start that the files are missing, and answers 404 for the pages', async () => {
    expect(warnings.filter((line) => line.startsWith('Dashboard files'))).toEqual([
      `Dashboard files not found in ${MISSING_ASSETS} (ENOENT): /ui answers 404; a build copies them with scripts/copy-ui-assets.mjs`,
    ]);
    const login = await call({ port: gw.running.ports.admin!, path: '/ui/login' });
    expect([login.status, login.json<{ code: string }>().code]).toEqual([404, 'admin.route-not-found']);
  });

  it('answers the traffic history 404 admin.metrics-disabled', async () => {
    const res = await gw.admin(`${PORTICO_BASE}/traffic`);
    expect([res.status, res.json<{ code: string }>().code]).toEqual([404, 'admin.metrics-disabled']);
  });

  it('sends a throttled login back with ?throttled=<seconds>', async () => {
    const attempt = (password: string): Promise<CallResult> =>
      call({ port: gw.running.ports.admin!, method: 'POST', path: '/ui/login', headers: { 'content-type': FORM }, body: `username=admin&password=${password}` });
    expect((await attempt('guess')).headers.location).toBe('/ui/login?failed=1');
    // Locked out after maxFailures: the right password does not get through either.
    expect((await attempt('admin')).headers.location).toBe('/ui/login?throttled=60');
  });

  it('takes only a small form at /ui/login', async () => {
    const port = gw.running.ports.admin!;
    const json = await call({ port, method: 'POST', path: '/ui/login', headers: { 'content-type': 'application/json' }, body: '{"username":"admin"}' });
    expect(json.status).toBe(415);
    const large = await call({ port, method: 'POST', path: '/ui/login', headers: { 'content-type': FORM }, body: `username=admin&password=${'x'.repeat(5000)}` });
    expect(large.status).toBe(413);
  });
});
