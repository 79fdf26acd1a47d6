import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse, stringify } from 'yaml';
import { apictlProject, call, ccFixturePath, describeWithCcFixtures, startTestGateway, type TestGateway, zipProject } from '#testing';
import { ORDER_COMMON_XSD, ORDER_WSDL, orderServices, orderWsdlImporting, samplePlaceOrder } from '../libs/connectors/soap/src/order-service.spec-support.js';
import { PHONE_VERIFY_PATH, phoneVerifyServices } from '../libs/connectors/soap/src/phone-verification.spec-support.js';
import { type RunningSoapServer, startSoapServer } from '../libs/connectors/soap/src/soap-test-server.spec-support.js';
import type { AdminErrorBody } from './support/admin-api.js';

/**
 * "Start from nothing but a WSDL" (issue 19 item 5): `POST /portico/v1/soap/openapi` turns a WSDL
 * (posted, in a project zip, or by URL through the destination guard) into the OpenAPI document of
 * its REST facade, which deploys through `POST /portico/v1/apis` and mediates to a real SOAP service.
 */

type OpenApi = Record<string, unknown> & {
  info: { title: string; version: string; description: string };
  paths: Record<string, { post: { 'x-portico-soap': { operation: string } } }>;
  'x-portico-soap': { wsdl: string; service: string; port: string };
  'x-wso2-basePath': string;
  'x-wso2-production-endpoints'?: { urls: string[] };
};

const generate = (gw: TestGateway, query: string, contentType: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  gw.admin(`/portico/v1/soap/openapi${query}`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });

const deploy = (gw: TestGateway, contentType: string, body: string | Buffer) =>
  gw.admin('/portico/v1/apis?override=true', { method: 'POST', headers: { 'content-type': contentType }, body });

const postJson = (gw: TestGateway, path: string, body: unknown) =>
  gw.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** The one edit the tests make besides the endpoint: no consumer credentials, to call it plainly. */
const open = (document: OpenApi, changes: Partial<OpenApi> = {}): string => stringify({ ...document, 'x-wso2-disable-security': true, ...changes });

describe('OpenAPI from a WSDL (POST /portico/v1/soap/openapi)', () => {
  let gw: TestGateway;
  let orders: RunningSoapServer;
  let wsdlServer: Server;
  let wsdlUrl: string;

  beforeAll(async () => {
    orders = await startSoapServer({ wsdl: ORDER_WSDL, path: '/orders', services: orderServices(false) });
    // Publishes the WSDL as a deployed service does: its soap:address is the service's real URL.
    const published = ORDER_WSDL.replace('http://localhost:8080/orders"', `${orders.url}"`);
    wsdlServer = createServer((req, res) => {
      if (req.url !== '/orders?wsdl') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/xml' }).end(published);
    }).listen(0, '127.0.0.1');
    await once(wsdlServer, 'listening');
    wsdlUrl = `http://127.0.0.1:${(wsdlServer.address() as AddressInfo).port}/orders?wsdl`;
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.destroy();
    await orders?.close();
    await new Promise((done) => wsdlServer?.close(done));
  });

  it('generates a YAML document from a posted WSDL: one POST per operation, mappings, context and the service address', async () => {
    const res = await generate(gw, '', 'text/xml', ORDER_WSDL);
    expect([res.status, res.headers['content-type']]).toEqual([200, 'application/yaml; charset=utf-8']);
    const document = parse(res.text) as OpenApi;
    expect(document).toMatchObject({
      openapi: '3.0.3',
      info: { title: 'OrderService', version: '1.0.0' },
      'x-wso2-basePath': '/orderservice',
      'x-wso2-production-endpoints': { urls: ['http://localhost:8080/orders'] },
      'x-portico-soap': { wsdl: 'WSDL/OrderService.wsdl', service: 'OrderService', port: 'OrderSoap11' },
    });
    expect(Object.keys(document.paths).sort()).toEqual(['/GetOrder', '/PlaceOrder']);
    expect(document.paths['/PlaceOrder']!.post['x-portico-soap']).toEqual({ operation: 'PlaceOrder' });
  });

  it('starts from nothing but a WSDL: the generated document, in a project with the WSDL, deploys and mediates typed JSON', async () => {
    const res = await generate(gw, '?title=GenShop&basePath=/genshop&port=OrderSoap11', 'application/wsdl+xml', ORDER_WSDL, { accept: 'application/json' });
    expect([res.status, res.headers['content-type']]).toEqual([200, 'application/json; charset=utf-8']);
    const document = res.json<OpenApi>();
    const definition = open(document, { 'x-wso2-production-endpoints': { urls: [orders.url] } });
    const project = apictlProject({ name: 'GenShop', version: '1.0.0', context: '/genshop', productionUrl: orders.url, definition, files: { [document['x-portico-soap'].wsdl]: ORDER_WSDL } });
    const deployed = await deploy(gw, 'application/zip', await zipProject('GenShop', project));
    expect(deployed.status === 201 ? 201 : deployed.text).toBe(201);
    const placed = await postJson(gw, '/genshop/PlaceOrder', samplePlaceOrder());
    expect([placed.status, placed.json()]).toEqual([200, expect.objectContaining({ orderId: '9007199254740993', total: 13.25, accepted: true, skus: ['A-1', 'B-2'] })]);
    const got = await postJson(gw, '/genshop/GetOrder', { orderId: 7, withLines: true });
    expect([got.status, got.json()]).toEqual([200, { orderId: 7, status: 'shipped', lines: [{ sku: 'A-1', quantity: 2, unitPrice: 1.5 }] }]);
    expect(orders.requests.at(-1)!.headers.soapaction).toBe('"urn:GetOrder"');
  });

  it('fetches a WSDL by URL; the document names it and deploys unchanged, alone, to the address the WSDL gives', async () => {
    const res = await generate(gw, '?format=json&title=ByUrl&basePath=/byurl', 'application/json', JSON.stringify({ url: wsdlUrl }));
    expect(res.status === 200 ? 200 : res.text).toBe(200);
    const document = res.json<OpenApi>();
    expect(document['x-portico-soap']).toEqual({ wsdl: wsdlUrl, service: 'OrderService', port: 'OrderSoap11' });
    expect(document['x-wso2-production-endpoints']).toEqual({ urls: [orders.url] });
    const deployed = await deploy(gw, 'application/yaml', open(document));
    expect(deployed.status === 201 ? 201 : deployed.text).toBe(201);
    const got = await postJson(gw, '/byurl/GetOrder', { orderId: 8 });
    expect([got.status, got.json()]).toMatchObject([200, { orderId: 8, status: 'shipped' }]);
  });

  it('reads a project zip, resolving the WSDL’s imports inside the project; ?wsdl= picks one of several WSDLs', async () => {
    const files = { 'WSDL/OrderService.wsdl': orderWsdlImporting('types/common.xsd'), 'WSDL/types/common.xsd': ORDER_COMMON_XSD, 'WSDL/Other.wsdl': ORDER_WSDL };
    const zip = await zipProject('Project', files);
    const ambiguous = await generate(gw, '', 'application/zip', zip);
    expect([ambiguous.status, ambiguous.json<AdminErrorBody>().problems]).toEqual([
      422,
      [{ code: 'soap.wsdl-unavailable', message: 'the project holds several WSDL files (WSDL/OrderService.wsdl, WSDL/Other.wsdl): name one with ?wsdl=<path>' }],
    ]);
    const res = await generate(gw, '?wsdl=WSDL/OrderService.wsdl&format=json', 'application/zip', zip);
    expect(res.status === 200 ? 200 : res.text).toBe(200);
    const document = res.json<OpenApi & { components: { schemas: Record<string, unknown> } }>();
    expect(document['x-portico-soap'].wsdl).toBe('WSDL/OrderService.wsdl');
    // PlaceOrder's types come from the imported schema.
    expect(Object.keys(document.paths).sort()).toEqual(['/GetOrder', '/PlaceOrder']);
    expect(JSON.stringify(document.paths['/PlaceOrder'])).toContain('"required"');

    const escaping = await zipProject('Escape', { 'WSDL/OrderService.wsdl': orderWsdlImporting('../../common.xsd'), 'common.xsd': ORDER_COMMON_XSD });
    const refused = await generate(gw, '', 'application/zip', escaping);
    expect([refused.status, refused.json<AdminErrorBody>().problems]).toEqual([422, [expect.objectContaining({ code: 'soap.wsdl-invalid', message: expect.stringContaining('is outside the project') })]]);
  });

  it('answers 422 with soap.wsdl-invalid for a body that is not XML, and for a posted WSDL with imports', async () => {
    const res = await generate(gw, '', 'text/xml', 'this is not a WSDL');
    expect([res.status, res.json<AdminErrorBody>().code]).toEqual([422, 'soap.wsdl-invalid']);
    const importing = await generate(gw, '', 'text/xml', orderWsdlImporting('types/common.xsd'));
    const imports = expect.objectContaining({ code: 'soap.wsdl-invalid', message: expect.stringContaining('post a project zip holding the WSDL and its imports') });
    expect([importing.status, importing.json<AdminErrorBody>().problems]).toEqual([422, [imports]]);
  });

  it('answers 422 naming the available services and ports for an unknown one', async () => {
    const service = await generate(gw, '?service=Nope', 'text/xml', ORDER_WSDL);
    expect([service.status, service.json<AdminErrorBody>().problems]).toEqual([422, [{ code: 'soap.service-unknown', message: 'the WSDL has no SOAP service Nope (services: OrderService)' }]]);
    const port = await generate(gw, '?port=Nope', 'text/xml', ORDER_WSDL);
    expect([port.status, port.json<AdminErrorBody>().problems]).toEqual([
      422,
      [{ code: 'soap.port-unknown', message: 'the service OrderService has no SOAP port Nope (ports: OrderSoap11 (SOAP 1.1), OrderSoap12 (SOAP 1.2))' }],
    ]);
  });

  it('refuses a URL the destination policy denies with soap.wsdl-unavailable', async () => {
    const res = await generate(gw, '', 'application/json', JSON.stringify({ url: 'http://169.254.169.254/latest/meta-data?wsdl' }));
    expect([res.status, res.json<AdminErrorBody>().problems]).toEqual([
      422,
      [expect.objectContaining({ code: 'soap.wsdl-unavailable', message: expect.stringMatching(/^the WSDL http:\/\/169\.254\.169\.254\/latest\/meta-data\?wsdl could not be fetched: .*169\.254\.169\.254 is denied by upstream\.destinations\.deny/) })],
    ]);
  });

  it('answers 400 for a bad body, 415 for another content type, 422 for a bad parameter', async () => {
    expect((await generate(gw, '', 'application/json', '{"url":')).json<AdminErrorBody>()).toMatchObject({ status: 400, code: 'admin.body-malformed' });
    expect((await generate(gw, '', 'application/json', '{"url":"ftp://x/y.wsdl"}')).json<AdminErrorBody>()).toMatchObject({ status: 400, code: 'admin.body-malformed' });
    expect((await generate(gw, '', 'application/zip', 'not a zip')).json<AdminErrorBody>()).toMatchObject({ status: 400, code: 'artifact.unreadable' });
    expect((await generate(gw, '', 'text/plain', ORDER_WSDL)).json<AdminErrorBody>()).toMatchObject({ status: 415, code: 'admin.media-type-unsupported' });
    expect((await generate(gw, '?format=xml', 'text/xml', ORDER_WSDL)).json<AdminErrorBody>()).toMatchObject({ status: 422, code: 'admin.parameter-invalid' });
  });

  it('requires admin credentials (401), before reading the body', async () => {
    const res = await call({ port: gw.running.ports.admin!, path: '/portico/v1/soap/openapi', method: 'POST', headers: { 'content-type': 'text/xml' }, body: ORDER_WSDL });
    expect([res.status, res.json<AdminErrorBody>().code]).toEqual([401, 'admin.unauthorized']);
  });

  it('is described in the admin OpenAPI document', async () => {
    const res = await gw.admin('/portico/v1/openapi.json');
    expect(res.json<{ paths: Record<string, unknown> }>().paths['/portico/v1/soap/openapi']).toMatchObject({ post: { security: expect.any(Array) } });
  });
});

describeWithCcFixtures('OpenAPI from the fixtures’ PhoneVerification WSDL', () => {
  let gw: TestGateway;
  let phone: RunningSoapServer;
  let wsdl: string;

  beforeAll(async () => {
    wsdl = readFileSync(ccFixturePath('mock-backend/wsdl/PhoneVerification.wsdl'), 'utf8');
    phone = await startSoapServer({ wsdl, path: PHONE_VERIFY_PATH, services: phoneVerifyServices() });
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.destroy();
    await phone?.close();
  });

  it('generates the facade of the SOAP ports only, deploys it and answers typed JSON', async () => {
    const res = await generate(gw, '?basePath=/phonegen', 'text/xml', wsdl, { accept: 'application/json' });
    expect(res.status === 200 ? 200 : res.text).toBe(200);
    const document = res.json<OpenApi>();
    expect(document['x-portico-soap']).toEqual({ wsdl: 'WSDL/PhoneVerify.wsdl', service: 'PhoneVerify', port: 'PhoneVerifySoap' });
    expect(document['x-wso2-production-endpoints']).toEqual({ urls: ['http://ws.cdyne.com/phoneverify/phoneverify.asmx'] });
    expect(document.paths['/CheckPhoneNumber']!.post['x-portico-soap']).toEqual({ operation: 'CheckPhoneNumber' });

    const definition = open(document, { 'x-wso2-production-endpoints': { urls: [phone.url] } });
    const project = apictlProject({ name: 'PhoneVerify', version: '1.0.0', context: '/phonegen', productionUrl: phone.url, definition, files: { [document['x-portico-soap'].wsdl]: wsdl } });
    const deployed = await deploy(gw, 'application/zip', await zipProject('PhoneVerify', project));
    expect(deployed.status === 201 ? 201 : deployed.text).toBe(201);
    const checked = await postJson(gw, '/phonegen/CheckPhoneNumber', { PhoneNumber: '18006785432', LicenseKey: '0' });
    expect([checked.status, checked.json()]).toEqual([200, { CheckPhoneNumberResult: { Company: 'Toll Free', Valid: true, OriginalNumber: '18006785432', Wireless: false } }]);
  });
});
