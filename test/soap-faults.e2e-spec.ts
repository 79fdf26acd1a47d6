import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as soap from 'soap';
import { parse, stringify } from 'yaml';
import { REQUEST_ERRORS } from '#core';
import {
  accessTokenClaims,
  ccFixture,
  ccFixturePath,
  describeWithCcFixtures,
  generateTestKeyPair,
  readProject,
  retarget,
  signJwt,
  startBackend,
  startTestGateway,
  type CallResult,
  type TestBackend,
  type TestGateway,
  type TestKeyPair,
  withRootKeys,
  writeCertificatePem,
  zipProject,
} from '#testing';
import { checkPhoneNumberEnvelope, PHONE_VERIFY_ACTION, SOAP_11_NS, SOAP_12_NS } from './support/phone-verification-messages.js';

/**
 * The gateway's own errors as SOAP faults (spec §10.3, §16.3) through a real gateway, with
 * Choreo Connect's SampleSOAPApi project in front of a real SOAP backend: the version follows the
 * request's media type (parameters and case ignored), the switch is dataPlane.soapErrorsInXml
 * and, per API, x-portico-soap-errors; the backend's own answers pass through unchanged.
 */

const ISSUER = 'https://km.test/oauth2/token';
const ACTION = PHONE_VERIFY_ACTION;
const REQUEST_11 = checkPhoneNumberEnvelope(SOAP_11_NS);
const REQUEST_12 = REQUEST_11.replace(SOAP_11_NS, SOAP_12_NS);
/** The backend's own fault, for a licence key it refuses: the gateway must not touch it. */
const BACKEND_FAULT =
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP_11_NS}"><soap:Body><soap:Fault>` +
  '<faultcode>soap:Client</faultcode><faultstring>Invalid license key</faultstring></soap:Fault></soap:Body></soap:Envelope>';

const SOAP_11 = { 'content-type': 'text/xml', soapaction: ACTION };
/** dataPlane.limits.maxRequestBodyBytes of the gateways: larger envelopes get 413. */
const MAX_BODY = 4096;
const SOAP_12 = { 'content-type': `application/soap+xml; charset=utf-8; action="${ACTION}"` };

/** The proxy-format SOAP 1.1 fault of Choreo Connect (spec §16.3), as Portico writes it. */
const fault11 = (message: string, detail: string): string =>
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault>' +
  `<faultcode>soapenv:Server</faultcode><faultstring>${message}</faultstring><detail>${detail}</detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
/** The real SOAP 1.2 fault Portico writes instead of the proxy's 1.1-shaped one (spec §16.3). */
const fault12 = (message: string, detail: string): string =>
  '<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault>' +
  `<env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text xml:lang="en-US">${message}</env:Text></env:Reason>` +
  `<env:Detail>${detail}</env:Detail></env:Fault></env:Body></env:Envelope>`;

const NO_CREDENTIALS = ['Invalid Credentials', '900901:Make sure you have provided the correct security credentials'] as const;
const NO_CREDENTIALS_JSON = { error_message: 'Invalid Credentials', code: '900901', error_description: 'Make sure you have provided the correct security credentials' };

describeWithCcFixtures('SOAP faults for gateway errors (spec §10.3, §16.3)', () => {
  let dir: string;
  let key: TestKeyPair;
  let certificateFile: string;
  let backend: TestBackend;
  /** A backend URL nothing listens on any more: connections are refused. */
  let downUrl: string;

  const token = (): string => signJwt(accessTokenClaims({ issuer: ISSUER }), { key });
  const post = (gw: TestGateway, path: string, headers: Record<string, string>, body = REQUEST_11): Promise<CallResult> =>
    gw.request(path, { method: 'POST', headers, body });

  /** SampleSOAPApi, its endpoints at `url`; renamed (name, context) and with root keys added when asked. */
  async function deploySoapProject(gw: TestGateway, url: string, name = 'SampleSOAPApi', context = '/soap', rootKeys: Record<string, unknown> = {}): Promise<void> {
    const files = readProject(ccFixturePath('samples/apiProjects/SampleSOAPApi'));
    const apiYaml = parse(retarget(files['api.yaml'].toString(), url)) as { data: Record<string, unknown> };
    apiYaml.data = { ...apiYaml.data, name, context };
    const definition = withRootKeys(retarget(files['Definitions/swagger.yaml'].toString(), url), { 'x-wso2-basePath': `${context}/1.0.0`, ...rootKeys });
    const zip = await zipProject(name, { ...files, 'api.yaml': stringify(apiYaml), 'Definitions/swagger.yaml': definition });
    const res = await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: zip });
    expect(res.status).toBe(201);
  }

  /** On: through the environment variable a deployment would set; off: the default. */
  const startGateway = (soapErrorsInXml: boolean): Promise<TestGateway> =>
    startTestGateway({
      settings: { dataPlane: { limits: { maxRequestBodyBytes: MAX_BODY } }, security: { issuers: [{ name: 'Test KM', issuer: ISSUER, certificateFile }] } },
      env: soapErrorsInXml ? { PORTICO_DATA_PLANE__SOAP_ERRORS_IN_XML: 'true' } : {},
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-soap-faults-'));
    key = generateTestKeyPair('RSA');
    certificateFile = await writeCertificatePem(key, dir);
    const response11 = ccFixture('mock-backend/soap/checkPhoneNumberResponseBody_11.xml');
    const response12 = ccFixture('mock-backend/soap/checkPhoneNumberResponseBody_12.xml');
    backend = await startBackend((req, res, body) => {
      const v12 = (req.headers['content-type'] ?? '').startsWith('application/soap+xml');
      if (body.includes('<LicenseKey>bad</LicenseKey>')) {
        res.writeHead(500, { 'content-type': 'text/xml; charset=utf-8' });
        res.end(BACKEND_FAULT);
        return;
      }
      res.writeHead(200, { 'content-type': v12 ? 'application/soap+xml; charset=utf-8' : 'text/xml; charset=utf-8' });
      res.end(v12 ? response12 : response11);
    });
    const closed = await startBackend();
    downUrl = closed.url;
    await closed.close();
  });

  afterAll(async () => {
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('with dataPlane.soapErrorsInXml on', () => {
    let gw: TestGateway;

    beforeAll(async () => {
      gw = await startGateway(true);
      await deploySoapProject(gw, backend.url);
      await deploySoapProject(gw, backend.url, 'SoapJsonErrors', '/soap-json', { 'x-portico-soap-errors': 'json' });
      await deploySoapProject(gw, downUrl, 'SoapDown', '/soap-down');
    });

    afterAll(async () => {
      await gw?.destroy();
    });

    it('answers a SOAP 1.1 request without a token with a SOAP 1.1 fault, status and challenge as for JSON', async () => {
      expect(gw.settings.dataPlane.soapErrorsInXml).toBe(true);
      const res = await post(gw, '/soap/1.0.0/phoneverify11', SOAP_11);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
      expect(res.text).toBe(fault11(...NO_CREDENTIALS));
      expect(backend.requests).toHaveLength(0);
    });

    it('matches the media type without its parameters and case (Choreo Connect would answer JSON)', async () => {
      const res = await post(gw, '/soap/1.0.0/phoneverify11', { 'content-type': 'Text/XML; charset=utf-8', soapaction: `"${ACTION}"` });
      expect(res.status).toBe(401);
      expect(res.text).toBe(fault11(...NO_CREDENTIALS));
    });

    it('answers a SOAP 1.2 request with a SOAP 1.2 fault', async () => {
      const res = await post(gw, '/soap/1.0.0/phoneverify12', SOAP_12, REQUEST_12);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toBe('application/soap+xml; charset=utf-8');
      expect(res.text).toBe(fault12(...NO_CREDENTIALS));
    });

    it('answers JSON to what is no SOAP request: application/json, or text/xml without SOAPAction', async () => {
      for (const headers of [{ 'content-type': 'application/json' }, { 'content-type': 'text/xml' }]) {
        const res = await post(gw, '/soap/1.0.0/phoneverify11', headers);
        expect(res.status).toBe(401);
        expect(res.headers['content-type']).toBe('application/json');
        expect(res.json()).toEqual(NO_CREDENTIALS_JSON);
      }
    });

    it('answers an unknown API path with a 404 fault', async () => {
      const res = await post(gw, '/soap12ex404', { 'content-type': 'application/soap+xml' }, REQUEST_12);
      expect(res.status).toBe(404);
      expect(res.text).toContain('Not Found');
      expect(res.text).toContain('404:The requested resource is not available.');
      expect(res.text).toBe(fault12('Not Found', '404:The requested resource is not available.'));
      const v11 = await post(gw, '/soap12ex404', SOAP_11);
      expect(v11.text).toBe(fault11('Not Found', '404:The requested resource is not available.'));
    });

    it('answers a refused backend connection with a fault, after authentication', async () => {
      const { status, code, message, description } = REQUEST_ERRORS.upstreamConnect;
      const res = await post(gw, '/soap-down/1.0.0/phoneverify11', { ...SOAP_11, authorization: `Bearer ${token()}` });
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(res.text).toBe(fault11(message, `${code}:${description}`));
      const v12 = await post(gw, '/soap-down/1.0.0/phoneverify12', { ...SOAP_12, authorization: `Bearer ${token()}` }, REQUEST_12);
      expect(v12.status).toBe(status);
      expect(v12.text).toBe(fault12(message, `${code}:${description}`));
    });

    it('answers an envelope over the body limit with a 413 fault', async () => {
      const { status, code, message, description } = REQUEST_ERRORS.payloadTooLarge;
      const big = REQUEST_11.replace('<LicenseKey>0</LicenseKey>', `<LicenseKey>${'0'.repeat(MAX_BODY)}</LicenseKey>`);
      const res = await post(gw, '/soap/1.0.0/phoneverify12', { ...SOAP_12, authorization: `Bearer ${token()}` }, big.replace(SOAP_11_NS, SOAP_12_NS));
      expect(res.status).toBe(status);
      expect(res.headers.connection).toBe('close');
      expect(res.text).toBe(fault12(message, `${code}:${description}`));
    });

    it('passes the backend\'s own answers through unchanged, faults included', async () => {
      const ok = await post(gw, '/soap/1.0.0/phoneverify11', { ...SOAP_11, authorization: `Bearer ${token()}` });
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('<Valid>true</Valid>');
      const refused = await post(gw, '/soap/1.0.0/phoneverify11', { ...SOAP_11, authorization: `Bearer ${token()}` }, REQUEST_11.replace('<LicenseKey>0</LicenseKey>', '<LicenseKey>bad</LicenseKey>'));
      expect(refused.status).toBe(500);
      expect(refused.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(refused.text).toBe(BACKEND_FAULT);
    });

    it('answers JSON for an API that says x-portico-soap-errors: json', async () => {
      const res = await post(gw, '/soap-json/1.0.0/phoneverify11', SOAP_11);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.json()).toEqual(NO_CREDENTIALS_JSON);
    });

    it('gives a real SOAP client (the soap package, from the service\'s WSDL) a fault it reads, in either version', async () => {
      const wsdl = ccFixturePath('integration/apim/2/apis/wsdl/PhoneVerification.wsdl');
      const endpoint = `http://127.0.0.1:${gw.running.ports.http}/soap/1.0.0/phoneverify`;
      const call = async (forceSoap12Headers: boolean): Promise<Record<string, unknown>> => {
        const client = await soap.createClientAsync(wsdl, { endpoint, forceSoap12Headers });
        const error = await (client as unknown as { CheckPhoneNumberAsync(args: unknown): Promise<unknown> })
          .CheckPhoneNumberAsync({ PhoneNumber: '18006785432', LicenseKey: '0' })
          .then(
            () => undefined,
            (e: unknown) => e as { root?: { Envelope?: { Body?: { Fault?: Record<string, unknown> } } }; response?: { status?: number } },
          );
        expect(error?.response?.status).toBe(401);
        return error?.root?.Envelope?.Body?.Fault ?? {};
      };
      expect(await call(false)).toEqual({ faultcode: 'soapenv:Server', faultstring: 'Invalid Credentials', detail: NO_CREDENTIALS[1] });
      expect(await call(true)).toEqual({
        Code: { Value: 'env:Receiver' },
        Reason: { Text: expect.objectContaining({ $value: 'Invalid Credentials' }) },
        Detail: NO_CREDENTIALS[1],
      });
    });
  });

  describe('with dataPlane.soapErrorsInXml off (the default)', () => {
    let gw: TestGateway;

    beforeAll(async () => {
      gw = await startGateway(false);
      await deploySoapProject(gw, backend.url);
      await deploySoapProject(gw, backend.url, 'SoapXmlErrors', '/soap-xml', { 'x-portico-soap-errors': 'xml' });
    });

    afterAll(async () => {
      await gw?.destroy();
    });

    it('answers JSON, as Choreo Connect does by default', async () => {
      expect(gw.settings.dataPlane.soapErrorsInXml).toBe(false);
      const res = await post(gw, '/soap/1.0.0/phoneverify11', SOAP_11);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.json()).toEqual(NO_CREDENTIALS_JSON);
      const unknown = await post(gw, '/soap12ex404', { 'content-type': 'application/soap+xml' }, REQUEST_12);
      expect(unknown.status).toBe(404);
      expect(unknown.json()).toEqual({ code: '404', message: 'Not Found', description: 'The requested resource is not available.' });
    });

    it('answers faults for an API that says x-portico-soap-errors: xml', async () => {
      const v11 = await post(gw, '/soap-xml/1.0.0/phoneverify11', SOAP_11);
      expect(v11.status).toBe(401);
      expect(v11.text).toBe(fault11(...NO_CREDENTIALS));
      const v12 = await post(gw, '/soap-xml/1.0.0/phoneverify12', SOAP_12, REQUEST_12);
      expect(v12.status).toBe(401);
      expect(v12.text).toBe(fault12(...NO_CREDENTIALS));
      expect((await post(gw, '/soap-xml/1.0.0/phoneverify11', { 'content-type': 'application/json' })).headers['content-type']).toBe('application/json');
    });
  });
});
