import { stringify } from 'yaml';
import { apictlProject, startBackend, startTestGateway, type TestBackend, type TestGateway, zipProject } from '#testing';

const ok = { responses: { '200': { description: 'ok' } } };

/** An apictl project of API `Shop` at context `/shop`, version `version`, with these resources. */
function shopProject(version: string, isDefaultVersion: boolean, backendUrl: string, paths: string[]) {
  const definition = stringify({
    openapi: '3.0.3',
    info: { title: 'Shop', version },
    'x-wso2-disable-security': true,
    paths: Object.fromEntries(paths.map((p) => [p, { get: ok }])),
  });
  return apictlProject({ definition, name: 'Shop', version, context: '/shop', productionUrl: backendUrl, apiYaml: { isDefaultVersion } });
}

async function deploy(gw: TestGateway, name: string, files: Record<string, string | Buffer>): Promise<void> {
  const res = await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: await zipProject(name, files) });
  expect(res.status).toBe(201);
}

describe('default version (spec §5.5)', () => {
  let v1: TestBackend;
  let v2: TestBackend;
  let gw: TestGateway;

  /** Which backend answered (`v1`, `v2`) and with what path, or the status. */
  const reach = async (path: string): Promise<string | number> => {
    const res = await gw.request(path);
    if (res.status !== 200) return res.status;
    return `${String(res.headers['x-served-by'])} ${res.json<{ url: string }>().url}`;
  };

  beforeAll(async () => {
    const named = (name: string) =>
      startBackend((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-served-by': name });
        res.end(JSON.stringify({ url: req.url }));
      });
    v1 = await named('v1');
    v2 = await named('v2');
    gw = await startTestGateway();
    await deploy(gw, 'ShopV1', shopProject('1.0.0', false, v1.url, ['/legacy', '/pets/{id}', '/*']));
    await deploy(gw, 'ShopV2', shopProject('2.0.0', true, v2.url, ['/pets/{id}', '/store', '/{category}/{item}']));
  });

  afterAll(async () => {
    await gw.destroy();
    await v1.close();
    await v2.close();
  });

  it('serves every version under its versioned base path', async () => {
    expect(await reach('/shop/1.0.0/pets/1')).toBe('v1 /pets/1');
    expect(await reach('/shop/1.0.0/legacy')).toBe('v1 /legacy');
    expect(await reach('/shop/2.0.0/pets/1')).toBe('v2 /pets/1');
    expect(await reach('/shop/2.0.0/store')).toBe('v2 /store');
  });

  it('gives the unversioned route to the default version only, with its own resources only', async () => {
    expect(await reach('/shop/pets/1')).toBe('v2 /pets/1');
    expect(await reach('/shop/store')).toBe('v2 /store');
    expect(await reach('/shop/legacy')).toBe(404);
    expect(await reach('/shop/anything/else')).toBe('v2 /anything/else');
  });

  it('sends a versioned URL to its version, never to the default version\'s routes', async () => {
    expect(await reach('/shop/1.0.0/store')).toBe('v1 /store');
    expect(await reach('/shop/1.0.0/other/x')).toBe('v1 /other/x');
  });

  it('gives no unversioned route to an API that is not the default version', async () => {
    const alone = await startTestGateway();
    try {
      await deploy(alone, 'ShopV1', shopProject('1.0.0', false, v1.url, ['/legacy', '/pets/{id}']));
      expect((await alone.request('/shop/1.0.0/legacy')).status).toBe(200);
      expect((await alone.request('/shop/legacy')).status).toBe(404);
      expect((await alone.request('/shop/pets/1')).status).toBe(404);
    } finally {
      await alone.destroy();
    }
  });
});
