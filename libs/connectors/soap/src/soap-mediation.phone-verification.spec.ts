import { readFileSync } from 'node:fs';
import { ccFixturePath, describeWithCcFixtures } from '#testing';
import { compileSoapMediation, type SoapMediation } from './soap-mediation.js';
import { callSoapOperation } from './soap-call.js';
import { SoapHttpSender } from './http/soap-http-sender.js';
import { openApiFromWsdl, type WsdlOpenApiResult } from './openapi/openapi-from-wsdl.js';
import { parseWsdl } from './wsdl/parsed-wsdl.js';
import { startSoapServer, type RunningSoapServer } from './soap-test-server.spec-support.js';
import { PHONE_VERIFY_PATH, phoneVerifyServices } from './phone-verification.spec-support.js';

const PATH = PHONE_VERIFY_PATH;
const MAPPING = { id: 'GET /checkphonenumber', operation: 'CheckPhoneNumber', parameters: ['PhoneNumber', 'LicenseKey'] };

describeWithCcFixtures('REST-to-SOAP against the fixtures’ PhoneVerification WSDL', () => {
  const location = ccFixturePath('mock-backend/wsdl/PhoneVerification.wsdl');
  const wsdlText = readFileSync(location, 'utf8');
  const sender = new SoapHttpSender();
  let servers: RunningSoapServer[];

  const compile = async (port?: string): Promise<SoapMediation> => {
    const result = await compileSoapMediation({ wsdlText, wsdlLocation: location, ...(port ? { port } : {}), operations: [MAPPING] });
    if (result.problems) throw new Error(result.problems[0]!.message);
    return result.mediation;
  };

  beforeAll(async () => {
    servers = await Promise.all([false, true].map((soap12) => startSoapServer({ wsdl: wsdlText, path: PATH, services: phoneVerifyServices(), soap12 })));
  });
  afterAll(async () => {
    await sender.dispose();
    await Promise.all(servers.map((s) => s.close()));
  });

  it.each([
    ['1.1', undefined, 0, 'text/xml; charset=utf-8'],
    ['1.2', 'PhoneVerifySoap12', 1, 'application/soap+xml; charset=utf-8; action="http://ws.cdyne.com/PhoneVerify/query/CheckPhoneNumber"'],
  ])('turns query parameters into a SOAP %s CheckPhoneNumber and the answer into typed JSON', async (version, port, server, contentType) => {
    const mediation = await compile(port);
    expect(mediation.version.name).toBe(version);
    const response = await callSoapOperation(
      mediation.operation(MAPPING.id)!,
      { parameters: { PhoneNumber: '18006785432', LicenseKey: '0' } },
      { endpoint: servers[server]!.url, sender },
    );
    expect(response).toEqual({
      status: 200,
      body: { CheckPhoneNumberResult: { Company: 'Toll Free', Valid: true, OriginalNumber: '18006785432', Wireless: false } },
    });
    const wire = servers[server]!.requests.at(-1)!;
    expect(wire.headers['content-type']).toBe(contentType);
    if (version === '1.1') expect(wire.headers.soapaction).toBe('"http://ws.cdyne.com/PhoneVerify/query/CheckPhoneNumber"');
    expect(wire.body).toContain('<ns0:CheckPhoneNumber><ns0:PhoneNumber>18006785432</ns0:PhoneNumber><ns0:LicenseKey>0</ns0:LicenseKey></ns0:CheckPhoneNumber>');
  });

  it('maps a bad license key (a Client fault) to 400', async () => {
    const mediation = await compile();
    const response = await callSoapOperation(mediation.operation(MAPPING.id)!, { parameters: { PhoneNumber: '1', LicenseKey: 'bad' } }, { endpoint: servers[0]!.url, sender });
    expect(response).toEqual({ status: 400, body: { fault: { code: 'Client', string: 'invalid license key' } } });
  });

  it('generates a REST facade with both SOAP operations, skipping the HTTP GET/POST ports', async () => {
    const parsed = await parseWsdl({ text: wsdlText, location });
    if ('problems' in parsed) throw new Error(parsed.problems[0]!.message);
    const { document } = openApiFromWsdl(parsed.wsdl, { wsdl: 'wsdl/PhoneVerification.wsdl' }) as WsdlOpenApiResult;
    expect(document['x-portico-soap']).toEqual({ wsdl: 'wsdl/PhoneVerification.wsdl', service: 'PhoneVerify', port: 'PhoneVerifySoap' });
    expect(Object.keys(document.paths as object)).toEqual(['/CheckPhoneNumber', '/CheckPhoneNumbers']);
    const schemas = (document.components as { schemas: Record<string, { properties: Record<string, unknown> }> }).schemas;
    expect(schemas.PhoneReturn!.properties.Valid).toEqual({ type: 'boolean' });
    expect(schemas.ArrayOfString!.properties.string).toEqual({ type: 'array', items: { type: 'string', nullable: true } });
  });
});
