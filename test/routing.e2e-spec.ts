import { parse, stringify } from 'yaml';
import {
  apictlProject,
  ccFixture,
  ccFixturesPresent,
  describeWithCcFixtures,
  itWithCcFixtures,
  openFixture,
  retarget,
  startBackend,
  startTestGateway,
  type TestBackend,
  type TestGateway,
  withRootKeys,
  zipProject,
} from '#testing';

interface Seen {
  backend: string;
  url: string;
}

const named = (name: string) => startBackend((req, res) => res.end(JSON.stringify({ backend: name, url: req.url })));

async function deployDocument(gw: TestGateway, doc: string): Promise<void> {
  const res = await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: doc });
  expect(res.status).toBe(201);
}

async function deployProject(gw: TestGateway, name: string, files: Record<string, string | Buffer>): Promise<void> {
  const res = await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: await zipProject(name, files) });
  expect(res.status).toBe(201);
}

describe('routing (spec §5.1-§5.5)', () => {
  let a: TestBackend;
  let b: TestBackend;
  let gw: TestGateway;

  const seen = async (path: string, host = 'localhost'): Promise<Seen | number> => {
    const res = await gw.request(path, { headers: { host } });
    return res.status === 200 ? res.json<Seen>() : res.status;
  };

  beforeAll(async () => {
    a = await named('A');
    b = await named('B');
    gw = await startTestGateway({ settings: { environments: [{ name: 'Default', vhost: 'localhost' }] } });
    // Without the fixtures only the suites below that do not read them run.
    if (!ccFixturesPresent) return;
    await deployDocument(gw, openFixture('integration/openAPIs/trailing_slash_openAPI.yaml', a.url));
    await deployDocument(gw, openFixture('integration/openAPIs/no_basepath_openAPI.yaml', a.url));
  });

  afterAll(async () => {
    await gw.destroy();
    await a.close();
    await b.close();
  });

  describeWithCcFixtures('trailing slashes follow the template (TrailingSlashTestCase)', () => {
    it.each([
      ['/trailing-slash/echo-full/no-slash/findByStatus', '/v2/echo-full/no-slash/findByStatus'],
      ['/trailing-slash/echo-full/no-slash/findByStatus/', '/v2/echo-full/no-slash/findByStatus'],
      ['/trailing-slash/echo-full/no-slash/1', '/v2/echo-full/no-slash/1'],
      ['/trailing-slash/echo-full/no-slash/1/', '/v2/echo-full/no-slash/1'],
      ['/trailing-slash/echo-full/no-slash/1/pet/2', '/v2/echo-full/no-slash/1/pet/2'],
      ['/trailing-slash/echo-full/with-slash/findByStatus', '/v2/echo-full/with-slash/findByStatus/'],
      ['/trailing-slash/echo-full/with-slash/1', '/v2/echo-full/with-slash/1/'],
      ['/trailing-slash/echo-full/with-slash/1/', '/v2/echo-full/with-slash/1/'],
      ['/trailing-slash/echo-full/with-slash/1/pet/2', '/v2/echo-full/with-slash/1/pet/2/'],
      ['/trailing-slash/echo-full/chars?x=1&y=%20', '/v2/echo-full/chars?x=1&y=%20'],
      ['/trailing-slash/echo-full/with-param/7', '/v2/echo-full/with-param/7'],
    ])('%s reaches the backend as %s', async (path, upstream) => {
      expect(await seen(path)).toEqual({ backend: 'A', url: upstream });
    });

    it.each(['/trailing-slash/echo-full/charsAdditional', '/trailing-slash/echo-full/with-slash/1/additional', '/trailing-slash/echo-full/with-param/7/x'])(
      '%s matches no resource (404)',
      async (path) => {
        expect(await seen(path)).toBe(404);
      },
    );
  });

  describeWithCcFixtures('/* wildcard on an endpoint without a path', () => {
    it.each([
      ['/no-basepath', '/'],
      ['/no-basepath/', '/'],
      ['/no-basepath/a/b?q=1', '/a/b?q=1'],
    ])('%s reaches the backend as %s', async (path, upstream) => {
      expect(await seen(path)).toEqual({ backend: 'A', url: upstream });
    });
  });

  it('tries concrete paths before parameterised ones and wildcards last, whatever the definition order', async () => {
    const doc = stringify({
      openapi: '3.0.0',
      info: { title: 'Order', version: '1' },
      'x-wso2-basePath': '/order',
      'x-wso2-disable-security': true,
      'x-wso2-production-endpoints': { urls: [a.url] },
      paths: {
        '/*': { get: { responses: { 200: { description: 'ok' } } } },
        '/pets/{id}': { 'x-wso2-production-endpoints': { urls: [`${b.url}/param`] }, get: { responses: { 200: { description: 'ok' } } } },
        '/pets/findByStatus': { 'x-wso2-production-endpoints': { urls: [`${b.url}/concrete`] }, get: { responses: { 200: { description: 'ok' } } } },
      },
    });
    await deployDocument(gw, doc);
    expect(await seen('/order/pets/findByStatus')).toEqual({ backend: 'B', url: '/concrete/pets/findByStatus' });
    expect(await seen('/order/pets/9')).toEqual({ backend: 'B', url: '/param/pets/9' });
    expect(await seen('/order/other/thing')).toEqual({ backend: 'A', url: '/other/thing' });
  });

  describeWithCcFixtures('default version (§5.5)', () => {
    beforeAll(async () => {
      const project = (v: string, backend: string) => {
        const definition = withRootKeys(retarget(ccFixture(`integration/openAPIs/default_version_${v}_OpenAPI.yaml`), backend), {
          'x-wso2-disable-security': true,
        });
        return apictlProject({ definition, name: 'DefaultVersion', version: '', context: '', apiYaml: retarget(ccFixture(`integration/apiYaml/default_version_${v}.yaml`), backend) });
      };
      await deployProject(gw, 'DefaultVersionV1', project('v1', a.url));
      await deployProject(gw, 'DefaultVersionV2', project('v2', b.url));
    });

    it('serves each version under its versioned base path', async () => {
      expect(await seen('/defaultVersion/1.0.0/pet/1')).toEqual({ backend: 'A', url: '/v2/pet/1' });
      expect(await seen('/defaultVersion/2.0.0/pet/1')).toEqual({ backend: 'B', url: '/v2/pet/1' });
      expect(await seen('/defaultVersion/2.0.0/store/inventory')).toEqual({ backend: 'B', url: '/v2/store/inventory' });
    });

    it('serves the default version without the version segment, and only its own resources', async () => {
      expect(await seen('/defaultVersion/pet/1')).toEqual({ backend: 'B', url: '/v2/pet/1' });
      expect(await seen('/defaultVersion/store/inventory')).toEqual({ backend: 'B', url: '/v2/store/inventory' });
      expect(await seen('/defaultVersion/1.0.0/store/inventory')).toBe(404);
    });
  });

  describeWithCcFixtures('vhosts (§5.1, §15)', () => {
    beforeAll(async () => {
      const project = (n: 1 | 2) => {
        const definition = openFixture(`integration/openAPIs/vhost${n}_openAPI.yaml`, { 'mockBackend:2383': a.url, 'mockBackend:2390': b.url });
        const info = (parse(definition) as { info: { version: string } }).info;
        return apictlProject({
          definition,
          name: 'SwaggerPetstoreVhost',
          version: info.version,
          context: '/v2/vhost',
          productionUrl: n === 1 ? `${a.url}/v2` : `${b.url}/v2`,
          deploymentEnvironments: ccFixture(`integration/deploymentEnvironments/vhost${n}_deploy_env.yaml`),
        });
      };
      await deployProject(gw, 'Vhost1', project(1));
      await deployProject(gw, 'Vhost2', project(2));
    });

    it('selects the API by Host, with or without a port', async () => {
      expect(await seen('/v2/vhost/pet/findByStatus', 'localhost')).toEqual({ backend: 'A', url: '/v2/pet/findByStatus' });
      expect(await seen('/v2/vhost/pet/findByStatus', 'us.wso2.com')).toEqual({ backend: 'B', url: '/v2/pet/findByStatus' });
      expect(await seen('/v2/vhost/pet/findByStatus', 'US.WSO2.com:9090')).toEqual({ backend: 'B', url: '/v2/pet/findByStatus' });
    });

    it('answers 404 for a resource deployed only on another vhost', async () => {
      expect(await seen('/v2/vhost/store/inventory', 'localhost')).toEqual({ backend: 'A', url: '/v2/store/inventory' });
      expect(await seen('/v2/vhost/store/inventory', 'us.wso2.com')).toBe(404);
    });

    it('routes a Host that names no vhost on the default environment vhost', async () => {
      expect(await seen('/v2/vhost/pet/findByStatus', '127.0.0.1:9090')).toEqual({ backend: 'A', url: '/v2/pet/findByStatus' });
    });
  });
});

describe('strict vhost matching (unknownHostFallback: false, as Choreo Connect)', () => {
  itWithCcFixtures('answers 404 to a Host that names no vhost', async () => {
    const backend = await named('A');
    const gw = await startTestGateway({ settings: { dataPlane: { unknownHostFallback: false } } });
    try {
      await deployDocument(gw, openFixture('integration/openAPIs/no_basepath_openAPI.yaml', backend.url));
      expect((await gw.request('/no-basepath/x', { headers: { host: 'localhost:1234' } })).status).toBe(200);
      expect((await gw.request('/no-basepath/x', { headers: { host: '127.0.0.1' } })).status).toBe(404);
    } finally {
      await gw.destroy();
      await backend.close();
    }
  });
});
