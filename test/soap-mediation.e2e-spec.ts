import { once } from 'node:events';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringify } from 'yaml';
import { REQUEST_ERRORS } from '#core';
import { apictlProject, ccFixturePath, describeWithCcFixtures, startTestGateway, type TestGateway, zipProject } from '#testing';
import { ORDER_COMMON_XSD, ORDER_WSDL, orderServices, orderWsdlImporting, samplePlaceOrder } from '../libs/connectors/soap/src/order-service.spec-support.js';
import { PHONE_VERIFY_PATH, phoneVerifyServices } from '../libs/connectors/soap/src/phone-verification.spec-support.js';
import { type RunningSoapServer, startSoapServer } from '../libs/connectors/soap/src/soap-test-server.spec-support.js';
import { porticoDeploy } from './support/admin-api.js';
import { closedPort } from './support/websocket-backends.js';

/**
 * REST-to-SOAP through a real gateway (issue 19): the `soap` connector compiles the WSDL at deploy
 * time (from the project or by URL) and mediates JSON requests to a real SOAP service made with
 * the soap package; the data plane's failover applies to SOAP clusters as to REST ones.
 */

const OK = { responses: { '200': { description: 'ok' } } };

/** The shop facade of OrderService.wsdl: two mapped operations and one left unmapped. */
function shopDefinition(title: string, basePath: string, urls: readonly string[], wsdl: string, endpoints: Record<string, unknown> = {}): string {
  return stringify({
    openapi: '3.0.3',
    info: { title, version: '1.0.0' },
    'x-wso2-basePath': basePath,
    'x-wso2-disable-security': true,
    'x-wso2-production-endpoints': { urls, ...endpoints },
    'x-portico-soap': { wsdl, port: 'OrderSoap11' },
    paths: {
      '/orders': { post: { ...OK, 'x-portico-soap': { operation: 'PlaceOrder' } } },
      '/orders/{orderId}': {
        get: { ...OK, parameters: [{ name: 'orderId', in: 'path', required: true, schema: { type: 'integer' } }], 'x-portico-soap': 'GetOrder' },
        delete: OK,
      },
    },
  });
}

const deployZip = async (gw: TestGateway, zip: Buffer | Promise<Buffer>) =>
  gw.admin('/portico/v1/apis?override=true', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: await zip });

const postJson = (gw: TestGateway, path: string, body: unknown) =>
  gw.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('REST-to-SOAP through the gateway (the soap connector)', () => {
  let gw: TestGateway;
  let orders: RunningSoapServer;
  /** Serves OrderService.wsdl by URL, as a WSDL published by its service. */
  let wsdlServer: Server;
  let wsdlUrl: string;
  /** What wsdlServer answers; a test swaps it for another revision of the WSDL. */
  let servedWsdl = ORDER_WSDL;

  beforeAll(async () => {
    orders = await startSoapServer({ wsdl: ORDER_WSDL, path: '/orders', services: orderServices(false) });
    wsdlServer = createServer((req, res) => {
      if (req.url !== '/OrderService.wsdl') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/xml' }).end(servedWsdl);
    }).listen(0, '127.0.0.1');
    await once(wsdlServer, 'listening');
    wsdlUrl = `http://127.0.0.1:${(wsdlServer.address() as AddressInfo).port}/OrderService.wsdl`;
    gw = await startTestGateway();
    const definition = shopDefinition('Shop', '/shop', [orders.url], 'WSDL/OrderService.wsdl');
    const project = apictlProject({ name: 'Shop', version: '1.0.0', context: '/shop', productionUrl: orders.url, definition, files: { 'WSDL/OrderService.wsdl': ORDER_WSDL } });
    const res = await deployZip(gw, await zipProject('Shop', project));
    expect(res.status === 201 ? 201 : res.text).toBe(201);
  });
  afterAll(async () => {
    await gw?.destroy();
    await orders?.close();
    await new Promise((done) => wsdlServer?.close(done));
  });

  it('turns a JSON body into the SOAP request and the SOAP answer into typed JSON', async () => {
    const res = await postJson(gw, '/shop/orders', samplePlaceOrder());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json()).toEqual({
      orderId: '9007199254740993',
      total: 13.25,
      accepted: true,
      lineCount: 2,
      skus: ['A-1', 'B-2'],
      estimatedDelivery: '2026-12-24T10:00:00Z',
      trackingCode: null,
      shipTo: { street: 'Main St 1', city: 'Springfield' },
    });
    const wire = orders.requests.at(-1)!;
    expect(wire.headers.soapaction).toBe('"urn:PlaceOrder"');
    expect(wire.headers['content-type']).toBe('text/xml; charset=utf-8');
  });

  it('fills input fields from path and query parameters', async () => {
    const res = await gw.request('/shop/orders/77?withLines=true');
    expect([res.status, res.json()]).toEqual([200, { orderId: 77, status: 'shipped', lines: [{ sku: 'A-1', quantity: 2, unitPrice: 1.5 }] }]);
    expect(orders.requests.at(-1)!.body).toContain('<ns0:orderId>77</ns0:orderId><ns0:withLines>true</ns0:withLines>');
  });

  it('refuses a body that does not fit the input message with a 400 naming the field, before calling the backend', async () => {
    const before = orders.requests.length;
    const body = samplePlaceOrder();
    (body.lines as Record<string, unknown>[])[1]!.quantity = 'two';
    const res = await postJson(gw, '/shop/orders', body);
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ code: REQUEST_ERRORS.soapRequestInvalid.code, message: 'Bad request', description: expect.stringContaining('lines[1].quantity: expected an integer') });
    const notJson = await postJson(gw, '/shop/orders', '{"customer":');
    expect([notJson.status, notJson.json<{ description: string }>().description]).toEqual([400, expect.stringMatching(/^The request body is not JSON/)]);
    expect(orders.requests.length).toBe(before);
  });

  it('answers a client fault with 400 and a server fault with 502, code and string in a JSON body', async () => {
    const zero = samplePlaceOrder();
    (zero.lines as Record<string, unknown>[])[1]!.quantity = 0;
    const client = await postJson(gw, '/shop/orders', zero);
    expect([client.status, client.json()]).toEqual([400, { fault: expect.objectContaining({ code: 'Client', string: 'line 1 has quantity 0' }) }]);
    const crash = samplePlaceOrder();
    (crash.lines as Record<string, unknown>[])[0]!.sku = 'CRASH';
    const server = await postJson(gw, '/shop/orders', crash);
    expect([server.status, server.json()]).toEqual([502, { fault: { code: 'Server', string: 'inventory database unavailable' } }]);
  });

  it('answers an operation without a mapping with 501', async () => {
    const before = orders.requests.length;
    const res = await gw.request('/shop/orders/77', { method: 'DELETE' });
    expect(res.status).toBe(501);
    expect(res.json()).toMatchObject({ code: REQUEST_ERRORS.soapOperationUnmapped.code, message: 'Not implemented' });
    expect(orders.requests.length).toBe(before);
  });

  it('reads the imports of a project WSDL from the project, and refuses one reaching outside it', async () => {
    const deploy = (name: string, files: Record<string, string>) => {
      const definition = shopDefinition(name, `/${name.toLowerCase()}`, [orders.url], 'WSDL/OrderService.wsdl');
      return deployZip(gw, (zipProject(name, apictlProject({ name, version: '1.0.0', context: `/${name.toLowerCase()}`, productionUrl: orders.url, definition, files }))));
    };
    const inside = await deploy('Imports', { 'WSDL/OrderService.wsdl': orderWsdlImporting('types/common.xsd'), 'WSDL/types/common.xsd': ORDER_COMMON_XSD });
    expect(inside.status === 201 ? 201 : inside.text).toBe(201);
    expect((await postJson(gw, '/imports/orders', samplePlaceOrder())).json()).toMatchObject({ accepted: true, total: 13.25 });

    const outside = await deploy('Escapes', { 'WSDL/OrderService.wsdl': orderWsdlImporting('../../common.xsd'), 'common.xsd': ORDER_COMMON_XSD });
    expect(outside.status).toBe(422);
    expect(outside.json<{ problems: { code: string; message: string }[] }>().problems).toContainEqual(
      expect.objectContaining({ code: 'soap.wsdl-invalid', message: expect.stringContaining('../common.xsd is outside the project') }),
    );
  });

  it('fetches a WSDL by URL at deploy time; an unreachable one refuses the redeploy and the deployed API keeps serving', async () => {
    const deployed = await porticoDeploy(gw, shopDefinition('ByUrl', '/byurl', [orders.url], wsdlUrl), { override: true });
    expect(deployed.status === 201 ? 201 : deployed.text).toBe(201);
    expect((await gw.request('/byurl/orders/5')).json()).toMatchObject({ orderId: 5, status: 'shipped' });

    const down = `http://127.0.0.1:${await closedPort()}/OrderService.wsdl`;
    const refused = await porticoDeploy(gw, shopDefinition('ByUrl', '/byurl', [orders.url], down), { override: true });
    expect(refused.status).toBe(422);
    expect(refused.json<{ problems: { code: string; message: string }[] }>().problems).toContainEqual(
      expect.objectContaining({ code: 'soap.wsdl-unavailable', message: expect.stringMatching(new RegExp(`^the WSDL ${down} could not be fetched: .*ECONNREFUSED`)) }),
    );
    expect((await gw.request('/byurl/orders/6')).json()).toMatchObject({ orderId: 6, status: 'shipped' });
  });

  it('compiles the WSDL again on a redeploy: a new revision at the same URL takes effect', async () => {
    const definition = shopDefinition('Revised', '/revised', [orders.url], wsdlUrl);
    expect((await porticoDeploy(gw, definition, { override: true })).status).toBe(201);
    expect((await postJson(gw, '/revised/orders', samplePlaceOrder())).status).toBe(200);
    expect(orders.requests.at(-1)!.headers.soapaction).toBe('"urn:PlaceOrder"');
    servedWsdl = ORDER_WSDL.replaceAll('soapAction="urn:PlaceOrder"', 'soapAction="urn:PlaceOrder:v2"');
    try {
      // 200: the API was replaced.
      expect((await porticoDeploy(gw, definition, { override: true })).status).toBe(200);
      // The service knows no such action and answers a Server fault: the new revision was used.
      expect((await postJson(gw, '/revised/orders', samplePlaceOrder())).status).toBe(502);
      expect(orders.requests.at(-1)!.headers.soapaction).toBe('"urn:PlaceOrder:v2"');
    } finally {
      servedWsdl = ORDER_WSDL;
    }
  });

  it('sends the backend credentials of the endpoint set with the SOAP request', async () => {
    const basic = { securityConfig: { type: 'basic', username: 'shop', password: 'shop-pass' } };
    expect((await porticoDeploy(gw, shopDefinition('Basic', '/basic', [orders.url], wsdlUrl, basic), { override: true })).status).toBe(201);
    expect((await gw.request('/basic/orders/8', { headers: { 'x-trace': 't-1' } })).status).toBe(200);
    const wire = orders.requests.at(-1)!;
    expect(wire.headers).toMatchObject({ authorization: `Basic ${Buffer.from('shop:shop-pass').toString('base64')}`, 'x-trace': 't-1' });

    const queryKey = { securityConfig: { type: 'apikey', in: 'query', name: 'key', value: 'abc' } };
    expect((await porticoDeploy(gw, shopDefinition('QueryKey', '/querykey', [orders.url], wsdlUrl, queryKey), { override: true })).status).toBe(201);
    const res = await gw.request('/querykey/orders/9?withLines=false');
    expect([res.status, orders.requests.at(-1)!.url]).toEqual([200, '/orders?key=abc']);
  });

  it('retries a server fault (502) when the endpoint set retries 502, sending the request again', async () => {
    const retrying = { advanceEndpointConfig: { retryConfig: { count: 1, statusCodes: [502] } } };
    expect((await porticoDeploy(gw, shopDefinition('Retrying', '/retrying', [orders.url], wsdlUrl, retrying), { override: true })).status).toBe(201);
    const crash = samplePlaceOrder();
    (crash.lines as Record<string, unknown>[])[0]!.sku = 'CRASH';
    const before = orders.requests.length;
    const res = await postJson(gw, '/retrying/orders', crash);
    expect([res.status, res.json()]).toEqual([502, { fault: { code: 'Server', string: 'inventory database unavailable' } }]);
    expect(orders.requests.length - before).toBe(2);
    expect(orders.requests.at(-1)!.body).toBe(orders.requests.at(-2)!.body);
  });

  it('answers 504 when the service outlasts the endpoint timeout', async () => {
    const slow = await startSoapServer({
      wsdl: ORDER_WSDL,
      path: '/orders',
      services: { OrderService: { OrderSoap11: { GetOrder: (_args: unknown, callback?: (result: unknown) => void) => void setTimeout(() => callback?.({}), 1000) } } },
    });
    try {
      const timed = { advanceEndpointConfig: { timeoutInMillis: 100 } };
      expect((await porticoDeploy(gw, shopDefinition('Slow', '/slow', [slow.url], wsdlUrl, timed), { override: true })).status).toBe(201);
      const res = await gw.request('/slow/orders/1');
      expect([res.status, res.json()]).toEqual([504, expect.objectContaining({ code: '102504' })]);
    } finally {
      await slow.close();
    }
  });

  it('answers 502 103512 when the service answers no SOAP message, and logs one line naming the API and the member', async () => {
    const html = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>')).listen(0, '127.0.0.1');
    await once(html, 'listening');
    const url = `http://127.0.0.1:${(html.address() as AddressInfo).port}/orders`;
    const warnings: string[] = [];
    const spy = jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    try {
      expect((await porticoDeploy(gw, shopDefinition('Garbage', '/garbage', [url], wsdlUrl), { override: true })).status).toBe(201);
      const res = await gw.request('/garbage/orders/1');
      expect([res.status, res.json()]).toEqual([502, expect.objectContaining({ code: '103512' })]);
      expect(warnings.filter((w) => w.includes('could not be read'))).toEqual([expect.stringContaining(`for Garbage:1.0.0 PRODUCTION via ${url}`)]);
    } finally {
      spy.mockRestore();
      await new Promise((done) => html.close(done));
    }
  });

  it('probes the members of a SOAP endpoint set: a dead one turns unhealthy, no deploy warning', async () => {
    const probed = await startTestGateway({ settings: { upstream: { healthChecks: { intervalMs: 100, timeoutMs: 100, unhealthyThreshold: 1, healthyThreshold: 2 } } } });
    try {
      const dead = `http://127.0.0.1:${await closedPort()}/orders`;
      const deployed = await porticoDeploy(probed, shopDefinition('Probed', '/probed', [dead, orders.url], wsdlUrl, { type: 'failover' }));
      expect(deployed.status === 201 ? 201 : deployed.text).toBe(201);
      expect(deployed.json<{ warnings?: { code: string }[] }>().warnings?.map((w) => w.code) ?? []).not.toContain('endpoint.health-check-unsupported');
      type Clusters = { list: { healthChecks: string; members: { state: string }[] }[] };
      let clusters: Clusters['list'] = [];
      for (let i = 0; i < 100 && clusters[0]?.members[0]?.state !== 'unhealthy'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        clusters = (await probed.admin('/portico/v1/clusters?apiName=Probed')).json<Clusters>().list;
      }
      expect(clusters.map((c) => [c.healthChecks, c.members.map((m) => m.state)])).toEqual([['tcp', ['unhealthy', 'healthy']]]);
    } finally {
      await probed.destroy();
    }
  });

  it('fails over to the second endpoint when the first is down', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/orders`;
    const deployed = await porticoDeploy(gw, shopDefinition('Failover', '/failover', [dead, orders.url], wsdlUrl, { type: 'failover' }), { override: true });
    expect(deployed.status === 201 ? 201 : deployed.text).toBe(201);
    for (const id of [1, 2, 3]) {
      const res = await gw.request(`/failover/orders/${id}`);
      expect([res.status, res.json()]).toEqual([200, expect.objectContaining({ orderId: id })]);
    }
  });
});

describeWithCcFixtures('REST-to-SOAP to the fixtures’ PhoneVerification service', () => {
  let gw: TestGateway;
  let phone: RunningSoapServer;

  beforeAll(async () => {
    const wsdl = readFileSync(ccFixturePath('mock-backend/wsdl/PhoneVerification.wsdl'), 'utf8');
    phone = await startSoapServer({ wsdl, path: PHONE_VERIFY_PATH, services: phoneVerifyServices() });
    gw = await startTestGateway();
    const definition = stringify({
      openapi: '3.0.3',
      info: { title: 'Phone', version: '1.0.0' },
      'x-wso2-basePath': '/phone',
      'x-wso2-disable-security': true,
      'x-wso2-production-endpoints': { urls: [phone.url] },
      'x-portico-soap': { wsdl: 'WSDL/PhoneVerification.wsdl' },
      paths: { '/checkphonenumber': { get: { ...OK, 'x-portico-soap': 'CheckPhoneNumber' } } },
    });
    const project = apictlProject({ name: 'Phone', version: '1.0.0', context: '/phone', productionUrl: phone.url, definition, files: { 'WSDL/PhoneVerification.wsdl': wsdl } });
    const res = await deployZip(gw, await zipProject('Phone', project));
    expect(res.status === 201 ? 201 : res.text).toBe(201);
  });
  afterAll(async () => {
    await gw?.destroy();
    await phone?.close();
  });

  it('answers CheckPhoneNumber as typed JSON: Valid is a boolean', async () => {
    const res = await gw.request('/phone/checkphonenumber?PhoneNumber=18006785432&LicenseKey=0');
    expect([res.status, res.json()]).toEqual([200, { CheckPhoneNumberResult: { Company: 'Toll Free', Valid: true, OriginalNumber: '18006785432', Wireless: false } }]);
  });

  it('maps the service’s fault for a bad licence key to 400', async () => {
    const res = await gw.request('/phone/checkphonenumber?PhoneNumber=1&LicenseKey=bad');
    expect([res.status, res.json()]).toEqual([400, { fault: { code: 'Client', string: 'invalid license key' } }]);
  });
});
