import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { stringify } from 'yaml';
import { apictlProject, openApiDocument, startBackend, startTestGateway, zipProject, type TestBackend, type TestGateway } from '#testing';
import { adapterDeploy, porticoDeploy, porticoList, type AdminErrorBody } from './support/admin-api.js';

/**
 * SSRF (issue 14, item 3): endpoints may not point back at the gateway (admin API, data plane)
 * nor at what `upstream.destinations` denies; IP literals are refused at deploy time, names
 * when they resolve.
 */

const api = (title: string, url: string) => openApiDocument({ title, version: 'v1', basePath: `/${title.toLowerCase()}`, production: [url] });

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const LOOP = /is the gateway's own listener (admin\.port|dataPlane\.httpPort|dataPlane\.httpsPort) \(127\.0\.0\.1:\d+\); an endpoint may not point back at the gateway$/;

describe('upstream destinations with the default settings', () => {
  let backend: TestBackend;
  let gw: TestGateway;
  let ports: { http: number; https: number; admin: number };

  beforeAll(async () => {
    backend = await startBackend();
    gw = await startTestGateway();
    ports = { http: gw.running.ports.http, https: gw.running.ports.https!, admin: gw.running.ports.admin! };
    expect((await porticoDeploy(gw, api('Keeper', `http://127.0.0.1:${backend.port}/v1`))).status).toBe(201);
  });

  afterAll(async () => {
    await gw.destroy();
    await backend.close();
  });

  /** Asserts a 422 with exactly these problems, and that the deployed APIs did not change. */
  async function expectRefused(document: string, problems: { code: string; message: string | RegExp; location?: string }[]): Promise<void> {
    const before = await porticoList(gw);
    const res = await porticoDeploy(gw, document, { override: true });
    expect(res.status).toBe(422);
    const body = res.json<AdminErrorBody>();
    expect(body.problems).toEqual(
      problems.map(({ code, message, location }) => ({
        code,
        message: typeof message === 'string' ? message : expect.stringMatching(message),
        // Destination problems name the endpoint set (its URLs sit at different pointers depending on where they were written).
        location: location ?? 'definition#/x-wso2-production-endpoints',
      })),
    );
    expect(await porticoList(gw)).toEqual(before);
    expect((await gw.request('/keeper/x')).status).toBe(200);
  }

  it('still proxies to allowed destinations, loopback included, by address and by name', async () => {
    expect((await gw.request('/keeper/a')).json<{ url: string }>().url).toBe('/v1/a');
    expect((await porticoDeploy(gw, api('ByName', `http://localhost:${backend.port}/v2`))).status).toBe(201);
    expect((await gw.request('/byname/b')).json<{ url: string }>().url).toBe('/v2/b');
  });

  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['0.0.0.0', '0.0.0.0'],
    ['2130706433 (decimal)', '2130706433'],
    ['0x7f.1 (hex, short)', '0x7f.1'],
    ['017700000001 (octal)', '017700000001'],
    ['127.1 (short)', '127.1'],
    ['127.0.0.2 (any loopback address)', '127.0.0.2'],
    ['localhost', 'localhost'],
  ])('refuses an endpoint on the admin listener written as %s (422, nothing changed)', async (_form, host) => {
    const url = `http://${host}:${ports.admin}`;
    const message = new RegExp(
      `^endpoint ${escaped(url)} is refused: \\S+ port ${ports.admin} is the gateway's own listener admin\\.port \\(127\\.0\\.0\\.1:${ports.admin}\\); an endpoint may not point back at the gateway$`,
    );
    await expectRefused(api('Admin', url), [{ code: 'endpoint.destination-denied', message }]);
  });

  it.each([
    ['[::1]', '[::1]'],
    ['[::ffff:127.0.0.1] (IPv4-mapped)', '[::ffff:127.0.0.1]'],
  ])('refuses an IPv6 literal %s, as every IPv6 literal host (Choreo Connect host rule)', async (_form, host) => {
    const url = `http://${host}:${ports.admin}`;
    await expectRefused(api('Admin', url), [
      { code: 'endpoint.host-invalid', message: `malformed endpoint detected (Invalid host name) : ${url}`, location: 'definition#/x-wso2-production-endpoints/urls/0' },
    ]);
  });

  it('refuses endpoints on the data-plane listeners it was bound to (a loop)', async () => {
    for (const url of [`http://127.0.0.1:${ports.http}/loop`, `https://localhost:${ports.https}`, `http://0.0.0.0:${ports.http}`]) {
      await expectRefused(api('Loop', url), [{ code: 'endpoint.destination-denied', message: LOOP }]);
    }
    const body = (await porticoDeploy(gw, api('Loop', `http://127.0.0.1:${ports.http}/loop`))).json<AdminErrorBody>();
    expect(body.problems![0].message).toBe(
      `endpoint http://127.0.0.1:${ports.http}/loop is refused: 127.0.0.1 port ${ports.http} is the gateway's own listener dataPlane.httpPort (127.0.0.1:${ports.http}); an endpoint may not point back at the gateway`,
    );
  });

  it('refuses the cloud metadata address by default, naming the rule', async () => {
    await expectRefused(api('Metadata', 'http://169.254.169.254/latest/meta-data'), [
      {
        code: 'endpoint.destination-denied',
        message: 'endpoint http://169.254.169.254/latest/meta-data is refused: 169.254.169.254 is denied by upstream.destinations.deny 169.254.0.0/16',
      },
    ]);
  });

  it('refuses a redeploy that would point a serving API at the admin API, which keeps serving', async () => {
    await expectRefused(api('Keeper', `http://127.0.0.1:${ports.admin}`), [{ code: 'endpoint.destination-denied', message: LOOP }]);
    expect((await gw.request('/keeper/still')).json<{ url: string }>().url).toBe('/v1/still');
  });

  it('refuses the same through the adapter API, from the api.yaml endpoint of an apictl project', async () => {
    const definition = stringify({ swagger: '2.0', info: { title: 'Zipped', version: 'v1' }, 'x-wso2-disable-security': true, paths: { '/*': { get: {} } } });
    const zip = await zipProject('Zipped', apictlProject({ name: 'Zipped', version: 'v1', context: '/zipped', productionUrl: `http://2130706433:${ports.admin}`, definition }));
    const res = await adapterDeploy(gw, zip);
    expect(res.status).toBe(422);
    expect(res.json<AdminErrorBody>().problems).toEqual([expect.objectContaining({ code: 'endpoint.destination-denied', message: expect.stringMatching(LOOP) })]);
    expect((await gw.request('/zipped/v1/x')).status).toBe(404);
  });
});

describe('upstream destinations with loopback denied (upstream.destinations.deny)', () => {
  let backend: TestBackend;
  let gw: TestGateway;

  beforeAll(async () => {
    backend = await startBackend();
    gw = await startTestGateway({ settings: { upstream: { destinations: { deny: ['169.254.0.0/16', '127.0.0.0/8', '::1'] } } } });
  });

  afterAll(async () => {
    await gw.destroy();
    await backend.close();
  });

  it('refuses an IP literal in a denied range at deploy time, naming the entry', async () => {
    const res = await porticoDeploy(gw, api('Literal', `http://127.0.0.1:${backend.port}`));
    expect(res.status).toBe(422);
    expect(res.json<AdminErrorBody>().problems).toEqual([
      {
        code: 'endpoint.destination-denied',
        message: `endpoint http://127.0.0.1:${backend.port} is refused: 127.0.0.1 is denied by upstream.destinations.deny 127.0.0.0/8`,
        location: 'definition#/x-wso2-production-endpoints',
      },
    ]);
  });

  it('refuses at connect time a name that resolves to a denied address: 503 102520, one log line, the backend never called', async () => {
    expect((await porticoDeploy(gw, api('Named', `http://localhost:${backend.port}/v1`))).status).toBe(201);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const res = await gw.request('/named/x');
      expect(res.status).toBe(503);
      expect(res.json()).toEqual({
        code: '102520',
        message: 'Upstream destination denied',
        description: 'The endpoint resolves to an address or port the gateway does not connect to (upstream.destinations).',
      });
      const lines = warn.mock.calls.map((args) => String(args[0]));
      expect(lines).toEqual([
        expect.stringMatching(
          new RegExp(`^upstream failure: 503 102520 for Named:v1 /\\* via http://localhost:${backend.port}/v1 \\(/v1/x\\): denied: localhost resolves to (127\\.0\\.0\\.1|::1) is denied by upstream\\.destinations\\.deny `),
        ),
      ]);
    } finally {
      warn.mockRestore();
    }
    expect(backend.requests).toEqual([]);
  });
});
