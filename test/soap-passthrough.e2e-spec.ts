import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as soap from 'soap';
import { parse, stringify } from 'yaml';
import { PHONE_VERIFY_PATH, phoneVerifyServices } from '../libs/connectors/soap/src/phone-verification.spec-support.js';
import { type RunningSoapServer, startSoapServer } from '../libs/connectors/soap/src/soap-test-server.spec-support.js';
import {
  accessTokenClaims,
  call,
  type CallResult,
  ccFixture,
  ccFixturePath,
  describeWithCcFixtures,
  generateTestKeyPair,
  readProject,
  retarget,
  signJwt,
  startTestGateway,
  type TestGateway,
  type TestKeyPair,
  withRootKeys,
  writeCertificatePem,
  zipProject,
} from '#testing';
import { checkPhoneNumberEnvelope, PHONE_VERIFY_ACTION, SOAP_11_NS, SOAP_12_NS } from './support/phone-verification-messages.js';

/**
 * SOAP pass-through (spec §10.3) on Choreo Connect's SampleSOAPApi in front of real SOAP
 * services made with the soap package from the fixtures' PhoneVerification WSDL: envelopes and
 * SOAPAction reach the service byte for byte, answers come back with the service's content type,
 * large envelopes stream both ways, a bad token gets a fault of the request's version; and the
 * gateway serves the project's WSDL at `<base path>?wsdl` with its addresses pointing at itself.
 */

const ISSUER = 'https://km.test/oauth2/token';
const ACTION = PHONE_VERIFY_ACTION;
const FIXTURE_ADDRESS = 'http://ws.cdyne.com/phoneverify/phoneverify.asmx';
const envelope = checkPhoneNumberEnvelope;
const SOAP_11 = { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${ACTION}"` };
const SOAP_12 = { 'content-type': `application/soap+xml; charset=utf-8; action="${ACTION}"` };
const NO_CREDENTIALS = 'Invalid Credentials';

/** What a soap client built from the PhoneVerification WSDL offers. */
interface PhoneClient {
  CheckPhoneNumberAsync(args: { PhoneNumber: string; LicenseKey: string }): Promise<[{ CheckPhoneNumberResult: { Valid: boolean } }]>;
}

describeWithCcFixtures('SOAP pass-through and ?wsdl (spec §10.3)', () => {
  let dir: string;
  let key: TestKeyPair;
  let gw: TestGateway;
  let wsdlText: string;
  /** SOAP 1.1 service at /phoneverify11, SOAP 1.2 at /phoneverify12, both behind `/soap`; the fixture's own address path behind `/phone`. */
  let soap11: RunningSoapServer;
  let soap12: RunningSoapServer;
  let phone: RunningSoapServer;

  const token = (): string => signJwt(accessTokenClaims({ issuer: ISSUER }), { key });
  const post = (path: string, headers: Record<string, string>, body: string): Promise<CallResult> => gw.request(path, { method: 'POST', headers: { ...headers, authorization: `Bearer ${token()}` }, body });
  const originOf = (server: RunningSoapServer): string => new URL(server.url).origin;
  /** The fixture WSDL with its SOAP addresses at `path`: soap's server picks the port by that path. */
  const wsdlAt = (path: string): string => wsdlText.replaceAll(FIXTURE_ADDRESS, `http://127.0.0.1${path}`);

  /**
   * The fixture WSDL with its first schema moved to `WSDL/types/query.xsd` and imported from there
   * by relative path: the gateway must serve that document too, for the client to read the WSDL.
   */
  function importingProject(): Record<string, string> {
    const start = wsdlText.indexOf('<s:schema elementFormDefault="qualified"');
    const end = wsdlText.indexOf('</s:schema>', start) + '</s:schema>'.length;
    const schema = wsdlText.slice(start, end).replace('<s:schema ', '<s:schema xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:tns="http://ws.cdyne.com/PhoneVerify/query" ');
    const importing =
      '<s:schema targetNamespace="http://ws.cdyne.com/PhoneVerify/query/Imports">' +
      '<s:import namespace="http://ws.cdyne.com/PhoneVerify/query" schemaLocation="types/query.xsd"/></s:schema>';
    return { 'WSDL/PhoneVerification.wsdl': wsdlText.slice(0, start) + importing + wsdlText.slice(end), 'WSDL/types/query.xsd': schema };
  }

  /** SampleSOAPApi on `target` under `context`, its endpoint at `url`, with project files and root keys added. */
  async function deploySoapProject(target: TestGateway, name: string, context: string, url: string, extraFiles: Record<string, string> = {}, rootKeys: Record<string, unknown> = {}): Promise<void> {
    const files = readProject(ccFixturePath('samples/apiProjects/SampleSOAPApi'));
    const apiYaml = parse(retarget(files['api.yaml'].toString(), url)) as { data: Record<string, unknown> };
    apiYaml.data = { ...apiYaml.data, name, context };
    const definition = withRootKeys(retarget(files['Definitions/swagger.yaml'].toString(), url), { 'x-wso2-basePath': `${context}/1.0.0`, ...rootKeys });
    const zip = await zipProject(name, { ...files, ...extraFiles, 'api.yaml': stringify(apiYaml), 'Definitions/swagger.yaml': definition });
    const res = await target.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: zip });
    expect([res.status, res.text]).toEqual([201, expect.any(String)]);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-soap-passthrough-'));
    key = generateTestKeyPair('RSA');
    const certificateFile = await writeCertificatePem(key, dir);
    wsdlText = ccFixture('mock-backend/wsdl/PhoneVerification.wsdl');
    soap11 = await startSoapServer({ wsdl: wsdlAt('/phoneverify11'), path: '/phoneverify11', services: phoneVerifyServices() });
    soap12 = await startSoapServer({ wsdl: wsdlAt('/phoneverify12'), path: '/phoneverify12', services: phoneVerifyServices(), soap12: true });
    phone = await startSoapServer({ wsdl: wsdlText, path: PHONE_VERIFY_PATH, services: phoneVerifyServices() });
    gw = await startTestGateway({
      settings: { security: { issuers: [{ name: 'Test KM', issuer: ISSUER, certificateFile }] } },
      env: { PORTICO_DATA_PLANE__SOAP_ERRORS_IN_XML: 'true' },
    });
    await deploySoapProject(gw, 'SampleSOAPApi', '/soap', originOf(soap11));
    await deploySoapProject(gw, 'SampleSOAPApi12', '/soap12', originOf(soap12));
    await deploySoapProject(gw, 'PhoneVerify', '/phone', originOf(phone), { 'WSDL/PhoneVerification.wsdl': wsdlText });
    await deploySoapProject(gw, 'PhoneImports', '/phone-imports', originOf(phone), importingProject());
    await deploySoapProject(gw, 'PhoneVerifyClosed', '/phone-closed', originOf(phone), { 'WSDL/PhoneVerification.wsdl': wsdlText }, { 'x-portico-wsdl': { public: false } });
  });

  afterAll(async () => {
    await gw?.destroy();
    await Promise.all([soap11?.close(), soap12?.close(), phone?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('pass-through', () => {
    it('forwards a SOAP 1.1 envelope and SOAPAction unchanged to <endpoint>/phoneverify11 and answers the service\'s text/xml', async () => {
      const body = envelope(SOAP_11_NS);
      const res = await post('/soap/1.0.0/phoneverify11', SOAP_11, body);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/xml/);
      expect(res.text).toMatch(/<Valid>true<\/Valid>/);
      const wire = soap11.requests.at(-1)!;
      expect(wire.url).toBe('/phoneverify11');
      expect(wire.body).toBe(body);
      expect(wire.headers.soapaction).toBe(`"${ACTION}"`);
      expect(wire.headers['content-type']).toBe(SOAP_11['content-type']);
      expect(wire.headers.authorization).toBeUndefined();
    });

    it('forwards a SOAP 1.2 envelope (action in the content type) and answers application/soap+xml', async () => {
      const body = envelope(SOAP_12_NS);
      const res = await post('/soap12/1.0.0/phoneverify12', SOAP_12, body);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/soap\+xml/);
      expect(res.text).toContain(SOAP_12_NS);
      expect(res.text).toMatch(/<Valid>true<\/Valid>/);
      const wire = soap12.requests.at(-1)!;
      expect([wire.url, wire.body, wire.headers['content-type']]).toEqual(['/phoneverify12', body, SOAP_12['content-type']]);
    });

    it("matches the fixtures' recorded answer of the mock backend", async () => {
      const recorded = ccFixture('mock-backend/soap/checkPhoneNumberResponseBody_11.xml');
      const res = await post('/soap/1.0.0/phoneverify11', SOAP_11, envelope(SOAP_11_NS));
      for (const field of ['Company', 'Valid', 'OriginalNumber', 'Wireless']) {
        const expected = new RegExp(`<${field}>([^<]*)</${field}>`).exec(recorded)![1];
        expect([field, new RegExp(`<${field}>([^<]*)</${field}>`).exec(res.text)?.[1]]).toEqual([field, expected]);
      }
    });

    it('answers a bad token with a fault of the request\'s SOAP version, the service untouched', async () => {
      const before = soap11.requests.length + soap12.requests.length;
      const forged = signJwt(accessTokenClaims({ issuer: ISSUER }), { key: generateTestKeyPair('RSA') });
      const v11 = await gw.request('/soap/1.0.0/phoneverify11', { method: 'POST', headers: { ...SOAP_11, authorization: `Bearer ${forged}` }, body: envelope(SOAP_11_NS) });
      expect([v11.status, v11.headers['content-type']]).toEqual([401, 'text/xml; charset=utf-8']);
      expect(v11.text).toContain(`<soapenv:Envelope xmlns:soapenv="${SOAP_11_NS}">`);
      expect(v11.text).toContain(`<faultstring>${NO_CREDENTIALS}</faultstring>`);
      const v12 = await gw.request('/soap12/1.0.0/phoneverify12', { method: 'POST', headers: { ...SOAP_12, authorization: `Bearer ${forged}` }, body: envelope(SOAP_12_NS) });
      expect([v12.status, v12.headers['content-type']]).toEqual([401, 'application/soap+xml; charset=utf-8']);
      expect(v12.text).toContain(`<env:Envelope xmlns:env="${SOAP_12_NS}">`);
      expect(v12.text).toContain(`<env:Text xml:lang="en-US">${NO_CREDENTIALS}</env:Text>`);
      expect(soap11.requests.length + soap12.requests.length).toBe(before);
    });

    it('streams an envelope of several MB to the service and its answer of several MB back', async () => {
      const number = '1'.repeat(4 * 1024 * 1024);
      const body = envelope(SOAP_11_NS, number);
      const res = await post('/soap/1.0.0/phoneverify11', SOAP_11, body);
      expect(res.status).toBe(200);
      expect(soap11.requests.at(-1)!.body).toBe(body);
      expect(res.body.length).toBeGreaterThan(4 * 1024 * 1024);
      expect(res.text).toContain(`<OriginalNumber>${number}</OriginalNumber>`);
    });
  });

  describe('?wsdl', () => {
    const gatewayOrigin = (): string => `http://localhost:${gw.running.ports.http}`;

    it('answers the WSDL, without a token, its SOAP addresses at the gateway, anything else unchanged', async () => {
      for (const path of ['/phone/1.0.0?wsdl', '/phone/1.0.0/?WSDL', '/phone/1.0.0?Wsdl']) {
        const res = await gw.request(path, { headers: { host: `localhost:${gw.running.ports.http}` } });
        expect([path, res.status, res.headers['content-type']]).toEqual([path, 200, 'text/xml; charset=utf-8']);
        const address = `${gatewayOrigin()}/phone/1.0.0/phoneverify/phoneverify.asmx`;
        expect(res.text).toBe(
          wsdlText
            .replace(`<soap:address location="${FIXTURE_ADDRESS}"`, `<soap:address location="${address}"`)
            .replace(`<soap12:address location="${FIXTURE_ADDRESS}"`, `<soap12:address location="${address}"`),
        );
      }
      expect(phone.requests).toHaveLength(0);
    });

    it('gives a soap client built from the gateway\'s ?wsdl a working CheckPhoneNumber through the gateway', async () => {
      const client = await soap.createClientAsync(`${gatewayOrigin()}/phone/1.0.0?wsdl`);
      client.addHttpHeader('Authorization', `Bearer ${token()}`);
      const [result] = await (client as unknown as PhoneClient).CheckPhoneNumberAsync({ PhoneNumber: '18006785432', LicenseKey: '0' });
      expect(result.CheckPhoneNumberResult.Valid).toBe(true);
      expect(phone.requests.at(-1)?.url).toBe(PHONE_VERIFY_PATH);
    });

    it('serves the project documents the WSDL imports at ?xsd=, where the served WSDL points, and a soap client reads them', async () => {
      const res = await gw.request('/phone-imports/1.0.0?wsdl', { headers: { host: `localhost:${gw.running.ports.http}` } });
      const xsdUrl = `${gatewayOrigin()}/phone-imports/1.0.0?xsd=WSDL%2Ftypes%2Fquery.xsd`;
      expect(res.text).toContain(`schemaLocation="${xsdUrl}"`);
      const xsd = await gw.request('/phone-imports/1.0.0?xsd=WSDL%2Ftypes%2Fquery.xsd');
      expect([xsd.status, xsd.headers['content-type'], xsd.text]).toEqual([200, 'text/xml; charset=utf-8', importingProject()['WSDL/types/query.xsd']]);
      expect((await gw.request('/phone-imports/1.0.0?xsd=api.yaml')).status).toBe(404);
      const client = await soap.createClientAsync(`${gatewayOrigin()}/phone-imports/1.0.0?wsdl`);
      client.addHttpHeader('Authorization', `Bearer ${token()}`);
      const [result] = await (client as unknown as PhoneClient).CheckPhoneNumberAsync({ PhoneNumber: '18006785432', LicenseKey: '0' });
      expect(result.CheckPhoneNumberResult.Valid).toBe(true);
    });

    it('writes https on the TLS listener', async () => {
      const res = await call({ port: gw.running.ports.https!, path: '/phone/1.0.0?wsdl', tls: true, headers: { host: 'localhost:9443' } });
      expect(res.status).toBe(200);
      expect(res.text).toContain('<soap:address location="https://localhost:9443/phone/1.0.0/phoneverify/phoneverify.asmx"/>');
    });

    it('writes the scheme and host a trusted proxy forwards, and only those of a trusted proxy', async () => {
      const forwarded = { host: 'localhost:8080', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.example.com' };
      const untrusted = await gw.request('/phone/1.0.0?wsdl', { headers: forwarded });
      expect(untrusted.text).toContain('location="http://localhost:8080/phone/1.0.0/phoneverify/phoneverify.asmx"');
      expect(untrusted.text).not.toContain('api.example.com');
      const behindProxy = await startTestGateway({ settings: { dataPlane: { trustedProxies: ['127.0.0.1'] } } });
      try {
        await deploySoapProject(behindProxy, 'PhoneVerify', '/phone', originOf(phone), { 'WSDL/PhoneVerification.wsdl': wsdlText });
        const trusted = await behindProxy.request('/phone/1.0.0?wsdl', { headers: forwarded });
        expect(trusted.text).toContain('location="https://api.example.com/phone/1.0.0/phoneverify/phoneverify.asmx"');
        const forged = await behindProxy.request('/phone/1.0.0?wsdl', { headers: { ...forwarded, 'x-forwarded-proto': 'gopher', 'x-forwarded-host': 'a b' } });
        expect(forged.text).toContain('location="http://localhost:8080/phone/1.0.0/phoneverify/phoneverify.asmx"');
      } finally {
        await behindProxy.destroy();
      }
    });

    it('applies the operation\'s security when x-portico-wsdl says public: false', async () => {
      expect((await gw.request('/phone-closed/1.0.0?wsdl')).status).toBe(401);
      const res = await gw.request('/phone-closed/1.0.0?wsdl', { headers: { authorization: `Bearer ${token()}` } });
      expect(res.status).toBe(200);
      expect(res.text).toContain('location="http://localhost/phone-closed/1.0.0/phoneverify/phoneverify.asmx"');
    });

    it('sends ?wsdl of an API without a WSDL, and other queries, on to the backend as any request', async () => {
      const before = soap11.requests.length;
      const res = await gw.request('/soap/1.0.0?wsdl');
      // SampleSOAPApi declares only POST: the GET is no route of it, as before.
      expect(res.status).toBe(404);
      const posted = await post('/soap/1.0.0/phoneverify11?wsdl', SOAP_11, envelope(SOAP_11_NS));
      expect(posted.status).toBe(200);
      expect(soap11.requests.at(-1)!.url).toBe('/phoneverify11?wsdl');
      expect(soap11.requests.length).toBe(before + 1);
      expect((await gw.request('/phone/1.0.0?wsdl=x')).status).toBe(404);
    });
  });
});
