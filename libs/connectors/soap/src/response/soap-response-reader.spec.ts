import { compileSoapMediation } from '../soap-mediation.js';
import { type SoapOperation } from '../soap-operation.js';
import { ORDER_WSDL, ORDER_WSDL_PATH } from '../order-service.spec-support.js';

const envelope11 = (body: string) =>
  `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><s:Body>${body}</s:Body></s:Envelope>`;

describe('reading a SOAP response as typed JSON', () => {
  let placeOrder: SoapOperation;

  beforeAll(async () => {
    const result = await compileSoapMediation({ wsdlText: ORDER_WSDL, wsdlLocation: ORDER_WSDL_PATH, operations: [{ id: 'p', operation: 'PlaceOrder' }] });
    placeOrder = result.mediation!.operation('p')!;
  });

  it('types numbers and booleans, keeps long precision, makes repeated elements arrays and empty ones null', () => {
    const body = envelope11(
      '<o:PlaceOrderResponse xmlns:o="http://example.com/orders"><o:orderId>12345678901234567890</o:orderId><o:total> 1.5E2 </o:total>' +
        '<o:accepted>1</o:accepted><o:lineCount/><o:skus>only</o:skus><o:estimatedDelivery>2026-01-01T00:00:00+01:00</o:estimatedDelivery>' +
        '<o:trackingCode></o:trackingCode><o:added>ignored</o:added><o:shipTo><street>s</street><city xsi:nil="true"/></o:shipTo></o:PlaceOrderResponse>',
    );
    expect(placeOrder.readResponse({ status: 200, body })).toEqual({
      status: 200,
      body: {
        orderId: '12345678901234567890',
        total: 150,
        accepted: true,
        lineCount: null,
        skus: ['only'],
        estimatedDelivery: '2026-01-01T00:00:00+01:00',
        trackingCode: '',
        shipTo: { street: 's', city: null },
      },
    });
    const none = envelope11('<PlaceOrderResponse xmlns="http://example.com/orders"><orderId>1</orderId></PlaceOrderResponse>');
    expect(placeOrder.readResponse({ status: 200, body: Buffer.from(none) }).body).toEqual({ orderId: 1, skus: [] });
  });

  it('reads a SOAP 1.2 fault with subcode, role and detail, whatever the endpoint version', () => {
    const body =
      '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault>' +
      '<env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>m:BadLine</env:Value></env:Subcode></env:Code>' +
      '<env:Reason><env:Text xml:lang="de">Falsch</env:Text><env:Text xml:lang="en-US">Wrong line</env:Text></env:Reason>' +
      '<env:Role>urn:orders</env:Role><env:Detail><e:line xmlns:e="urn:e">1</e:line><e:line xmlns:e="urn:e">2</e:line></env:Detail>' +
      '</env:Fault></env:Body></env:Envelope>';
    expect(placeOrder.readResponse({ status: 500, body })).toEqual({
      status: 400,
      body: { fault: { code: 'Sender', subcode: 'm:BadLine', string: 'Wrong line', actor: 'urn:orders', detail: { line: ['1', '2'] } } },
    });
  });

  it('treats SOAP 1.1 Client refinements as client faults and other codes as server faults', () => {
    const fault = (code: string) => envelope11(`<s:Fault><faultcode>${code}</faultcode><faultstring>x</faultstring><faultactor>a</faultactor></s:Fault>`);
    expect(placeOrder.readResponse({ status: 500, body: fault('s:Client.Authentication') })).toMatchObject({ status: 400, body: { fault: { code: 'Client.Authentication', actor: 'a' } } });
    expect(placeOrder.readResponse({ status: 500, body: fault('s:MustUnderstand') })).toMatchObject({ status: 502, body: { fault: { code: 'MustUnderstand' } } });
    expect(placeOrder.readResponse({ status: 500, body: fault('app:Busy') }).body).toMatchObject({ fault: { code: 'app:Busy' } });
  });
});
