import { compileSoapMediation, type SoapCompileResult } from './soap-mediation.js';
import { ORDER_COMMON_XSD, ORDER_WSDL, ORDER_WSDL_PATH, orderWsdlImporting } from './order-service.spec-support.js';
import { type SoapMediationSource } from './soap-mediation-source.js';

const compile = (overrides: Partial<SoapMediationSource>): Promise<SoapCompileResult> =>
  compileSoapMediation({ wsdlText: ORDER_WSDL, wsdlLocation: ORDER_WSDL_PATH, operations: [{ id: 'POST /orders', operation: 'PlaceOrder' }], ...overrides });

const problemsOf = async (overrides: Partial<SoapMediationSource>) => {
  const result = await compile(overrides);
  if (!result.problems) throw new Error('expected problems');
  return result.problems;
};

const COMMON_XSD = ORDER_COMMON_XSD;
const IMPORTING_WSDL = orderWsdlImporting('types/common.xsd');

describe('compiling a REST-to-SOAP mediation', () => {
  it('defaults to the only service and its first SOAP 1.1 port', async () => {
    const result = await compile({});
    expect(result.problems).toBeUndefined();
    expect(result.mediation).toMatchObject({ service: 'OrderService', port: 'OrderSoap11', address: 'http://localhost:8080/orders' });
    expect(result.mediation!.version.name).toBe('1.1');
    expect(result.mediation!.operation('POST /orders')).toMatchObject({ name: 'PlaceOrder', soapAction: 'urn:PlaceOrder' });
  });

  it('reports a WSDL that does not parse', async () => {
    expect(await problemsOf({ wsdlText: '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"><oops>' })).toEqual([
      expect.objectContaining({ code: 'soap.wsdl-invalid', message: expect.stringContaining(`the WSDL ${ORDER_WSDL_PATH} cannot be used`) }),
    ]);
    expect(await problemsOf({ wsdlText: 'not xml at all' })).toEqual([expect.objectContaining({ code: 'soap.wsdl-invalid' })]);
    const noSoap = ORDER_WSDL.replace(/<wsdl:binding[\s\S]*<\/wsdl:binding>/, '');
    expect(await problemsOf({ wsdlText: noSoap })).toEqual([
      expect.objectContaining({ code: 'soap.wsdl-invalid', message: expect.stringContaining('no SOAP 1.1 or 1.2 binding') }),
    ]);
  });

  it('names the available services, ports and operations', async () => {
    expect(await problemsOf({ service: 'Billing' })).toEqual([
      { code: 'soap.service-unknown', message: 'the WSDL has no SOAP service Billing (services: OrderService)' },
    ]);
    expect(await problemsOf({ port: 'OrderHttp' })).toEqual([
      { code: 'soap.port-unknown', message: 'the service OrderService has no SOAP port OrderHttp (ports: OrderSoap11 (SOAP 1.1), OrderSoap12 (SOAP 1.2))' },
    ]);
    const problems = await problemsOf({
      operations: [
        { id: 'POST /orders', operation: 'PlaceOrder' },
        { id: 'DELETE /orders/{id}', operation: 'CancelOrder', location: 'Definitions/swagger.yaml#/paths/~1orders~1{id}/delete' },
      ],
    });
    expect(problems).toEqual([
      {
        code: 'soap.operation-unknown',
        message: 'operation DELETE /orders/{id} (WSDL operation CancelOrder): the binding OrderSoap11Binding of port OrderSoap11 has no operation CancelOrder (operations: PlaceOrder, GetOrder)',
        location: 'Definitions/swagger.yaml#/paths/~1orders~1{id}/delete',
      },
    ]);
  });

  it('refuses parameters that are not simple fields of the input message', async () => {
    const problems = await problemsOf({
      operations: [
        { id: 'GET /orders/{orderNo}', operation: 'GetOrder', parameters: ['orderNo'] },
        { id: 'POST /orders/{customer}', operation: 'PlaceOrder', parameters: ['customer'] },
      ],
    });
    expect(problems.map((p) => [p.code, p.message])).toEqual([
      ['soap.mapping-invalid', 'operation GET /orders/{orderNo} (WSDL operation GetOrder): parameter orderNo is not a field of GetOrder (fields: orderId, withLines)'],
      ['soap.mapping-invalid', 'operation POST /orders/{customer} (WSDL operation PlaceOrder): parameter customer maps to PlaceOrder.customer, which has a complex type'],
    ]);
  });

  it('refuses RPC style and SOAP encoding with the reason', async () => {
    const rpc = ORDER_WSDL.replace('<soap:binding style="document"', '<soap:binding style="rpc"');
    expect(await problemsOf({ wsdlText: rpc })).toEqual([
      expect.objectContaining({ code: 'soap.operation-unsupported', message: expect.stringContaining('style rpc is not supported (only document/literal)') }),
    ]);
    const encoded = ORDER_WSDL.replace('<wsdl:input><soap:body use="literal"/>', '<wsdl:input><soap:body use="encoded"/>');
    expect(await problemsOf({ wsdlText: encoded })).toEqual([
      expect.objectContaining({ code: 'soap.operation-unsupported', message: expect.stringContaining('use="encoded"') }),
    ]);
  });

  it('reads imported schemas through the caller-given loader only', async () => {
    const asked: string[] = [];
    const result = await compile({
      wsdlText: IMPORTING_WSDL,
      wsdlLocation: 'wsdl/OrderService.wsdl',
      loadImport: async (location) => {
        asked.push(location);
        return COMMON_XSD;
      },
    });
    expect(result.problems).toBeUndefined();
    expect(asked).toEqual(['wsdl/types/common.xsd']);
    const wire = result.mediation!.operation('POST /orders')!.buildRequest({
      body: { customer: { id: 1, name: 'n', vip: false, address: { street: 's', city: 'c' } }, lines: [{ sku: 'a', quantity: 1, unitPrice: 1 }], requestedAt: 'x', couponCode: null },
    });
    expect(wire.body.toString()).toContain('<ns0:address><street>s</street><city>c</city></ns0:address>');

    expect(await problemsOf({ wsdlText: IMPORTING_WSDL })).toEqual([
      expect.objectContaining({ code: 'soap.wsdl-invalid', message: expect.stringContaining('no import loader was given') }),
    ]);
    const failing = await problemsOf({ wsdlText: IMPORTING_WSDL, loadImport: () => Promise.reject(new Error('not allowed')) });
    expect(failing[0]!.message).toContain('not allowed');
  });
});
