import { compileSoapMediation, type SoapMediation } from './soap-mediation.js';
import { callSoapOperation } from './soap-call.js';
import { SoapHttpSender } from './http/soap-http-sender.js';
import { SoapRequestError } from './soap-errors.js';
import { type SoapOperation } from './soap-operation.js';
import { startSoapServer, type RunningSoapServer } from './soap-test-server.spec-support.js';
import { ORDER_WSDL, ORDER_WSDL_PATH, orderServices, samplePlaceOrder, setAt } from './order-service.spec-support.js';

const MAPPINGS = [
  { id: 'POST /orders', operation: 'PlaceOrder' },
  { id: 'GET /orders/{orderId}', operation: 'GetOrder', parameters: ['orderId', 'withLines'] },
];

async function compile(port: string): Promise<SoapMediation> {
  const result = await compileSoapMediation({ wsdlText: ORDER_WSDL, wsdlLocation: ORDER_WSDL_PATH, port, operations: MAPPINGS });
  if (result.problems) throw new Error(result.problems.map((p) => p.message).join('; '));
  return result.mediation;
}

describe('REST-to-SOAP mediation against a real SOAP service (OrderService.wsdl)', () => {
  let soap11: RunningSoapServer;
  let soap12: RunningSoapServer;
  let mediation11: SoapMediation;
  let mediation12: SoapMediation;
  const sender = new SoapHttpSender();
  const placeOrder11 = (): SoapOperation => mediation11.operation('POST /orders')!;

  beforeAll(async () => {
    soap11 = await startSoapServer({ wsdl: ORDER_WSDL, path: '/orders', services: orderServices(false) });
    soap12 = await startSoapServer({ wsdl: ORDER_WSDL, path: '/orders12', services: orderServices(true), soap12: true });
    mediation11 = await compile('OrderSoap11');
    mediation12 = await compile('OrderSoap12');
  });
  afterAll(async () => {
    await sender.dispose();
    await Promise.all([soap11.close(), soap12.close()]);
  });

  it('sends a typed SOAP 1.1 envelope and answers typed JSON', async () => {
    const response = await callSoapOperation(placeOrder11(), { body: samplePlaceOrder() }, { endpoint: soap11.url, sender });
    expect(response).toEqual({
      status: 200,
      body: {
        orderId: '9007199254740993',
        total: 13.25,
        accepted: true,
        lineCount: 2,
        skus: ['A-1', 'B-2'],
        estimatedDelivery: '2026-12-24T10:00:00Z',
        trackingCode: null,
        shipTo: { street: 'Main St 1', city: 'Springfield' },
      },
    });
    const wire = soap11.requests.at(-1)!;
    expect(wire.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(wire.headers.soapaction).toBe('"urn:PlaceOrder"');
    expect(wire.body).toContain('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"');
    // Qualified elements carry the schema's namespace, the unqualified schema's do not; sequence order is the XSD's.
    expect(wire.body).toContain(
      '<ns0:customer><ns0:id>42</ns0:id><ns0:name>Ada &amp; Co &lt;ltd&gt;</ns0:name><ns0:vip>true</ns0:vip>' +
        '<ns0:address><street>Main St 1</street><city>Springfield</city><zip>12345</zip></ns0:address></ns0:customer>',
    );
    expect(wire.body).toContain('<ns0:lines><ns0:sku>B-2</ns0:sku><ns0:quantity>1</ns0:quantity><ns0:unitPrice>10.25</ns0:unitPrice></ns0:lines>');
    expect(wire.body).toContain('<ns0:couponCode xsi:nil="true"/>');
    expect(wire.body).not.toContain('note');
  });

  it('writes fields in XSD order whatever the JSON order, and takes a single value for a repeated element', async () => {
    const { customer, lines, requestedAt } = samplePlaceOrder();
    const body = { couponCode: 'XMAS', requestedAt, lines: (lines as unknown[])[0], customer };
    const response = await callSoapOperation(placeOrder11(), { body }, { endpoint: soap11.url, sender });
    expect(response.status).toBe(200);
    // One occurrence in the response is still an array.
    expect(response.body).toMatchObject({ lineCount: 1, skus: ['A-1'], total: 3 });
    const wire = soap11.requests.at(-1)!.body;
    expect(wire.indexOf('<ns0:customer>')).toBeLessThan(wire.indexOf('<ns0:lines>'));
    expect(wire).toContain('<ns0:couponCode>XMAS</ns0:couponCode>');
  });

  it('speaks SOAP 1.2 when the port binding says so', async () => {
    expect(mediation12.version.name).toBe('1.2');
    const response = await callSoapOperation(mediation12.operation('POST /orders')!, { body: samplePlaceOrder() }, { endpoint: soap12.url, sender });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ orderId: '9007199254740993', accepted: true, total: 13.25 });
    const wire = soap12.requests.at(-1)!;
    expect(wire.headers['content-type']).toBe('application/soap+xml; charset=utf-8; action="urn:PlaceOrder"');
    expect(wire.headers.soapaction).toBeUndefined();
    expect(wire.body).toContain('xmlns:soap="http://www.w3.org/2003/05/soap-envelope"');
  });

  it('fills input fields from path and query parameters, typed by the XSD', async () => {
    const operation = mediation11.operation('GET /orders/{orderId}')!;
    const response = await callSoapOperation(operation, { parameters: { orderId: '77', withLines: 'true' } }, { endpoint: soap11.url, sender });
    expect(response).toEqual({ status: 200, body: { orderId: 77, status: 'shipped', lines: [{ sku: 'A-1', quantity: 2, unitPrice: 1.5 }] } });
    expect(soap11.requests.at(-1)!.body).toContain('<ns0:orderId>77</ns0:orderId><ns0:withLines>true</ns0:withLines>');
    // Beyond 2^53 an xs:long travels as written (soap's own server would parse it lossily, so only the wire is checked).
    const big = operation.buildRequest({ parameters: { orderId: '9007199254740993' } }).body.toString();
    expect(big).toContain('<ns0:orderId>9007199254740993</ns0:orderId></ns0:GetOrder>');
  });

  it.each([
    ['1.1', () => mediation11, () => soap11, { code: 'Client', string: 'line 1 has quantity 0', detail: { OrderFault: { reason: 'line 1 has quantity 0', line: '1' } } }],
    ['1.2', () => mediation12, () => soap12, { code: 'Sender', subcode: 'tns:InvalidLine', string: 'line 1 has quantity 0' }],
  ])('maps a SOAP %s client fault to 400 with code and string', async (_version, mediation, server, fault) => {
    const body = samplePlaceOrder();
    setAt(body, 'lines.1.quantity', 0);
    const response = await callSoapOperation(mediation().operation('POST /orders')!, { body }, { endpoint: server().url, sender });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ fault });
  });

  it.each([
    ['1.1', () => mediation11, () => soap11, 'Server'],
    ['1.2', () => mediation12, () => soap12, 'Receiver'],
  ])('maps a SOAP %s server fault to 502', async (_version, mediation, server, code) => {
    const body = samplePlaceOrder();
    setAt(body, 'lines.0.sku', 'CRASH');
    const response = await callSoapOperation(mediation().operation('POST /orders')!, { body }, { endpoint: server().url, sender });
    expect(response).toEqual({ status: 502, body: { fault: { code, string: 'inventory database unavailable' } } });
  });

  it('refuses a body that does not fit before calling the backend, naming every field', async () => {
    const sent = soap11.requests.length;
    const body = samplePlaceOrder();
    setAt(body, 'lines.1.quantity', 'abc');
    setAt(body, 'lines.0.unitPrice', true);
    setAt(body, 'customer.email', 'ada@example.com');
    setAt(body, 'customer.name', ['Ada']);
    setAt(body, 'customer.vip', 'yes');
    setAt(body, 'priority', 'urgent');
    setAt(body, 'customer.id', 2 ** 63);
    setAt(body, 'requestedAt', undefined);
    setAt(body, 'couponCode', undefined);
    const error = await callSoapOperation(placeOrder11(), { body }, { endpoint: soap11.url, sender }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SoapRequestError);
    expect((error as SoapRequestError).status).toBe(400);
    expect((error as SoapRequestError).issues).toEqual([
      'customer.email: unknown field (expected one of id, name, vip, address)',
      'customer.id: expected an integer written as a string beyond 2^53 (xs:long)',
      'customer.name: expected a single value, not an array',
      'customer.vip: expected a boolean (xs:boolean)',
      'lines[0].unitPrice: expected a decimal number (xs:decimal)',
      'lines[1].quantity: expected an integer (xs:int)',
      'requestedAt: missing (required)',
      'priority: expected one of "low", "normal", "high"',
      'couponCode: missing (required)',
    ]);
    expect(soap11.requests.length).toBe(sent);
  });

  it('checks ranges and null against the XSD', () => {
    const body = samplePlaceOrder();
    setAt(body, 'lines.0.quantity', 2 ** 31);
    setAt(body, 'customer.address', null);
    setAt(body, 'note', null);
    expect(() => placeOrder11().buildRequest({ body })).toThrow(
      'customer.address: must not be null (the element is not nillable); lines[0].quantity: 2147483648 is out of range (xs:int)',
    );
  });

  it('refuses a field given both in the body and as a parameter, and a body that is not an object', () => {
    const operation = mediation11.operation('GET /orders/{orderId}')!;
    expect(() => operation.buildRequest({ body: { orderId: 1 }, parameters: { orderId: '2' } })).toThrow('orderId: given both in the body and as a parameter');
    expect(() => placeOrder11().buildRequest({ body: [1, 2] })).toThrow('(body): expected an object');
  });
});
