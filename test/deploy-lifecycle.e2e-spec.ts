import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify } from 'yaml';
import { ccFixture, ccFixturePath, describeWithCcFixtures, openApiDocument, readProject, retarget, startBackend, startTestGateway, zipProject, type TestBackend, type TestGateway, apictlProject } from '#testing';
import { ADAPTER_BASE, adapterDeploy, adapterList, adapterUndeploy, bearerToken, PORTICO_BASE, porticoDeploy, porticoList, type AdminErrorBody } from './support/admin-api.js';

/** Issue 2: deploy → call → redeploy on another backend → call → undeploy → 404, via both admin APIs. */

const ROUTER_404 = { code: '404', message: 'Not Found', description: 'The requested resource is not available.' };

/** A backend that says who it is and what path it was called with. */
const named = (name: string) => (req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(`${name}:${req.method} ${req.url}`);
};

/** An OpenAPI 3 definition without base path or servers: api.yaml gives both (spec §3.4). */
const BARE_DEFINITION = stringify({
  openapi: '3.0.3',
  info: { title: 'LifeCycle', version: '1.0.0' },
  'x-wso2-disable-security': true,
  paths: { '/*': { get: { responses: { '200': { description: 'ok' } } } } },
});

describe('deploy lifecycle', () => {
  let a: TestBackend;
  let b: TestBackend;
  let gw: TestGateway;

  beforeAll(async () => {
    a = await startBackend(named('A'));
    b = await startBackend(named('B'));
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw.destroy();
    await a.close();
    await b.close();
  });

  describe('adapter API (apictl project zips, bearer token)', () => {
    const project = (backend: TestBackend) =>
      zipProject('LifeCycle', apictlProject({ name: 'LifeCycle', version: '1.0.0', context: '/life', productionUrl: backend.url, definition: BARE_DEFINITION }));

    it('deploys, redeploys with override on another backend, lists and undeploys', async () => {
      const token = await bearerToken(gw);

      const first = await adapterDeploy(gw, await project(a), { auth: token });
      expect(first.status).toBe(200);
      expect(first.text).toBe('');
      expect((await gw.request('/life/1.0.0/hello?x=1')).text).toBe('A:GET /hello?x=1');

      expect(await adapterList(gw, token)).toEqual({
        total: 1,
        count: 1,
        list: [{ apiName: 'LifeCycle', version: '1.0.0', apiType: 'HTTP', context: '/life/1.0.0', 'gateway-envs': ['Default'], vhost: 'localhost' }],
      });
      // The same API seen through Portico's API, with the definition as it was inside the zip.
      const definition = await gw.admin(`${PORTICO_BASE}/apis/LifeCycle/1.0.0/definition`, { headers: { authorization: token } });
      expect(definition.headers['content-type']).toMatch(/^application\/yaml/);
      expect(definition.text).toBe(BARE_DEFINITION);
      const filtered = await gw.admin(`${ADAPTER_BASE}/apis?query=type:ws`, { headers: { authorization: token } });
      expect(filtered.json()).toEqual({ total: 0, count: 0, list: [] });

      const refused = await adapterDeploy(gw, await project(b), { auth: token });
      expect(refused.status).toBe(409);
      expect(refused.json<AdminErrorBody>().code).toBe('deploy.api-exists');
      expect((await gw.request('/life/1.0.0/hello')).text).toBe('A:GET /hello');

      const replaced = await adapterDeploy(gw, await project(b), { auth: token, override: true });
      expect(replaced.status).toBe(200);
      expect((await gw.request('/life/1.0.0/hello')).text).toBe('B:GET /hello');
      expect((await adapterList(gw, token)).total).toBe(1);

      const removed = await adapterUndeploy(gw, 'LifeCycle', '1.0.0', token);
      expect(removed.status).toBe(200);
      const gone = await gw.request('/life/1.0.0/hello');
      expect(gone.status).toBe(404);
      expect(gone.json()).toEqual(ROUTER_404);
      expect(await adapterList(gw, token)).toEqual({ total: 0, count: 0, list: [] });

      const again = await adapterUndeploy(gw, 'LifeCycle', '1.0.0', token);
      expect(again.status).toBe(404);
      expect(again.json<AdminErrorBody>().code).toBe('api.not-found');
    });
  });

  describe("Portico's API (one OpenAPI document, REST resources)", () => {
    const document = (backend: TestBackend, title = 'Portico Life') =>
      openApiDocument({ title, version: '2.0', basePath: '/portico-life', production: [`${backend.url}/base`] });
    const resource = `${PORTICO_BASE}/apis/PorticoLife/2.0`;

    it('creates with POST, replaces with PUT, reads, and deletes', async () => {
      const created = await porticoDeploy(gw, document(a));
      expect(created.status).toBe(201);
      expect(created.headers.location).toBe(resource);
      expect(created.json()).toMatchObject({ name: 'PorticoLife', version: '2.0', basePath: '/portico-life', type: 'HTTP', connector: 'rest', created: true });
      expect((await gw.request('/portico-life/pets/1')).text).toBe('A:GET /base/pets/1');

      const detail = await gw.admin(resource);
      expect(detail.status).toBe(200);
      expect(detail.json()).toMatchObject({
        name: 'PorticoLife',
        version: '2.0',
        basePath: '/portico-life',
        origin: 'admin',
        endpoints: { PRODUCTION: { policy: 'LOAD_BALANCE', urls: [`${a.url}/base`] } },
        targets: [{ environment: 'Default', vhost: 'localhost', basePath: '/portico-life' }],
      });
      const definition = await gw.admin(`${resource}/definition`);
      expect(definition.status).toBe(200);
      expect(definition.headers['content-type']).toMatch(/yaml/);
      expect(definition.text).toBe(document(a));

      const replaced = await gw.admin(resource, { method: 'PUT', headers: { 'content-type': 'application/yaml' }, body: document(b) });
      expect(replaced.status).toBe(200);
      expect(replaced.headers.location).toBe(resource);
      expect(replaced.json()).toMatchObject({ created: false });
      expect((await gw.request('/portico-life/pets/1')).text).toBe('B:GET /base/pets/1');
      expect((await gw.admin(`${resource}/definition`)).text).toBe(document(b));

      const list = await porticoList(gw);
      expect(list.list.filter((i) => i.name === 'PorticoLife')).toEqual([
        expect.objectContaining({ name: 'PorticoLife', version: '2.0', basePath: '/portico-life', type: 'HTTP', origin: 'admin' }),
      ]);

      const removed = await gw.admin(resource, { method: 'DELETE' });
      expect(removed.status).toBe(204);
      expect(removed.text).toBe('');
      const gone = await gw.request('/portico-life/pets/1');
      expect(gone.status).toBe(404);
      expect(gone.json()).toEqual(ROUTER_404);
      const detailGone = await gw.admin(resource);
      expect(detailGone.status).toBe(404);
      expect(detailGone.json<AdminErrorBody>().code).toBe('api.not-found');
      expect((await porticoList(gw)).list.some((i) => i.name === 'PorticoLife')).toBe(false);
    });

    it('creates with PUT when the API does not exist, and refuses a body that defines another API', async () => {
      const other = `${PORTICO_BASE}/apis/PutMade/1.0`;
      const doc = openApiDocument({ title: 'Put Made', version: '1.0', basePath: '/put-made', production: [a.url] });
      const created = await gw.admin(other, { method: 'PUT', headers: { 'content-type': 'application/yaml' }, body: doc });
      expect(created.status).toBe(201);
      expect(created.headers.location).toBe(other);
      expect((await gw.request('/put-made/x')).text).toBe('A:GET /x');

      const mismatch = await gw.admin(`${PORTICO_BASE}/apis/Elsewhere/1.0`, { method: 'PUT', headers: { 'content-type': 'application/yaml' }, body: doc });
      expect(mismatch.status).toBe(422);
      expect(mismatch.json<AdminErrorBody>().code).toBe('deploy.identity-mismatch');

      expect((await gw.admin(other, { method: 'DELETE' })).status).toBe(204);
      expect((await gw.request('/put-made/x')).status).toBe(404);
    });
  });

  describeWithCcFixtures('a real Choreo Connect project: SampleSOAPApi (spec §10.3)', () => {
    const SOAP_11_RESPONSE = ccFixture('mock-backend/soap/checkPhoneNumberResponseBody_11.xml');
    const SOAP_12_RESPONSE = ccFixture('mock-backend/soap/checkPhoneNumberResponseBody_12.xml');
    const request11 =
      '<?xml version="1.0" encoding="utf-8"?>\n' +
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
      '<soap:Body><CheckPhoneNumber xmlns="http://ws.cdyne.com/PhoneVerify/query"><PhoneNumber>18006785432</PhoneNumber><LicenseKey>0</LicenseKey></CheckPhoneNumber></soap:Body>' +
      '</soap:Envelope>';
    const request12 = request11.replace('http://schemas.xmlsoap.org/soap/envelope/', 'http://www.w3.org/2003/05/soap-envelope');
    let soap: TestBackend;

    beforeAll(async () => {
      soap = await startBackend((req, res) => {
        const v12 = (req.headers['content-type'] ?? '').startsWith('application/soap+xml');
        res.writeHead(200, { 'content-type': v12 ? 'application/soap+xml; charset=utf-8' : 'text/xml; charset=utf-8' });
        res.end(v12 ? SOAP_12_RESPONSE : SOAP_11_RESPONSE);
      });
    });

    afterAll(async () => {
      await soap.close();
    });

    /** The fixture project with its endpoints pointed at the local backend; `extra` is appended to the definition. */
    function soapProject(extra = ''): Promise<Buffer> {
      const files = readProject(ccFixturePath('samples/apiProjects/SampleSOAPApi'));
      const text = (path: string) => retarget(files[path].toString(), soap.url);
      return zipProject('SampleSOAPApi', {
        ...files,
        'api.yaml': text('api.yaml'),
        'Definitions/swagger.yaml': text('Definitions/swagger.yaml') + extra,
      });
    }

    const post11 = () =>
      gw.request('/soap/1.0.0/phoneverify11', {
        method: 'POST',
        headers: { 'content-type': 'text/xml', soapaction: 'http://ws.cdyne.com/PhoneVerify/query/CheckPhoneNumber' },
        body: request11,
      });

    it('deploys through the adapter API; the secured project fails closed with 401 before the backend', async () => {
      const deployed = await adapterDeploy(gw, await soapProject(), { fileName: 'SampleSOAPApi.zip' });
      expect(deployed.status).toBe(200);
      expect((await adapterList(gw)).list).toContainEqual(expect.objectContaining({ apiName: 'SampleSOAPApi', version: '1.0.0', apiType: 'SOAP', context: '/soap/1.0.0' }));

      const res = await post11();
      expect(res.status).toBe(401);
      expect(res.json()).toEqual({
        error_message: 'Invalid Credentials',
        code: '900901',
        error_description: 'Make sure you have provided the correct security credentials',
      });
      expect(soap.requests).toHaveLength(0);
    });

    it('with x-wso2-disable-security added, passes SOAP 1.1 and 1.2 through unchanged', async () => {
      const deployed = await adapterDeploy(gw, await soapProject('x-wso2-disable-security: true\n'), { override: true });
      expect(deployed.status).toBe(200);

      const res11 = await post11();
      expect(res11.status).toBe(200);
      expect(res11.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(res11.text).toBe(SOAP_11_RESPONSE);
      const seen11 = soap.requests.at(-1)!;
      expect(seen11.method).toBe('POST');
      expect(seen11.url).toBe('/phoneverify11');
      expect(seen11.headers['content-type']).toBe('text/xml');
      expect(seen11.headers.soapaction).toBe('http://ws.cdyne.com/PhoneVerify/query/CheckPhoneNumber');
      expect(seen11.body.toString()).toBe(request11);

      const contentType12 = 'application/soap+xml; charset=utf-8; action="http://ws.cdyne.com/PhoneVerify/query/CheckPhoneNumber"';
      const res12 = await gw.request('/soap/1.0.0/phoneverify12', { method: 'POST', headers: { 'content-type': contentType12 }, body: request12 });
      expect(res12.status).toBe(200);
      expect(res12.text).toBe(SOAP_12_RESPONSE);
      const seen12 = soap.requests.at(-1)!;
      expect(seen12.url).toBe('/phoneverify12');
      expect(seen12.headers['content-type']).toBe(contentType12);
      expect(seen12.body.toString()).toBe(request12);

      // The definition declares POST only.
      expect((await gw.request('/soap/1.0.0/phoneverify11')).status).toBe(404);

      expect((await adapterUndeploy(gw, 'SampleSOAPApi', '1.0.0')).status).toBe(200);
      expect((await post11()).status).toBe(404);
    });
  });
});
