import { parseWsdl, type ParsedWsdl } from '../wsdl/parsed-wsdl.js';
import { compileParsedSoapMediation } from '../soap-mediation.js';
import { ORDER_WSDL, ORDER_WSDL_PATH, samplePlaceOrder } from '../order-service.spec-support.js';
import { schemaIssues } from '../openapi-schema-check.spec-support.js';
import { openApiFromWsdl, type WsdlOpenApiResult } from './openapi-from-wsdl.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking a generated document of known shape
type Json = Record<string, any>;

describe('OpenAPI of a REST facade generated from a WSDL', () => {
  let wsdl: ParsedWsdl;
  let document: Json;

  beforeAll(async () => {
    const parsed = await parseWsdl({ text: ORDER_WSDL, location: ORDER_WSDL_PATH });
    if ('problems' in parsed) throw new Error(parsed.problems[0]!.message);
    wsdl = parsed.wsdl;
    const result = openApiFromWsdl(wsdl, { wsdl: 'wsdl/OrderService.wsdl' }) as WsdlOpenApiResult;
    expect(result.skipped).toEqual([]);
    document = result.document as Json;
  });

  it('is an OpenAPI 3.0 document with one POST per operation and the x-portico-soap mappings', () => {
    expect(document.openapi).toBe('3.0.3');
    expect(document.info).toMatchObject({ title: 'OrderService', version: '1.0.0' });
    expect(document['x-portico-soap']).toEqual({ wsdl: 'wsdl/OrderService.wsdl', service: 'OrderService', port: 'OrderSoap11' });
    expect(Object.keys(document.paths)).toEqual(['/PlaceOrder', '/GetOrder']);
    for (const [path, item] of Object.entries(document.paths as Json)) {
      expect(Object.keys(item)).toEqual(['post']);
      expect(item.post['x-portico-soap']).toEqual({ operation: path.slice(1) });
      expect(item.post.operationId).toBe(path.slice(1));
      expect(Object.keys(item.post.responses)).toEqual(['200', '400', '502']);
    }
    // Every $ref points at a component that exists.
    const refs = JSON.stringify(document).match(/#\/components\/schemas\/[\w.-]+/g) ?? [];
    for (const ref of refs) expect(document.components.schemas[ref.split('/').pop()!]).toBeDefined();
  });

  it('derives types, required fields, arrays and nullability from the XSD', () => {
    const input = document.paths['/PlaceOrder'].post.requestBody.content['application/json'].schema;
    expect(input.required).toEqual(['customer', 'lines', 'requestedAt', 'couponCode']);
    expect(input.additionalProperties).toBe(false);
    expect(input.properties.lines).toEqual({ type: 'array', items: { $ref: '#/components/schemas/OrderLine' }, minItems: 1 });
    expect(input.properties.couponCode).toEqual({ type: 'string', nullable: true });
    expect(input.properties.priority).toEqual({ type: 'string', enum: ['low', 'normal', 'high'] });
    expect(input.properties.requestedAt).toEqual({ type: 'string', format: 'date-time' });
    expect(document.components.schemas.OrderLine.properties).toEqual({
      sku: { type: 'string' },
      quantity: { type: 'integer', format: 'int32', minimum: -2147483648, maximum: 2147483647 },
      unitPrice: { type: 'number' },
    });
    expect(document.components.schemas.Customer.properties.id).toEqual({ type: 'integer', format: 'int64' });
    const output = document.paths['/PlaceOrder'].post.responses['200'].content['application/json'].schema;
    expect(output.properties.skus).toEqual({ type: 'array', items: { type: 'string' } });
    expect(output.properties.accepted).toEqual({ type: 'boolean' });
  });

  it('has schemas that accept the sample request and refuse a mistyped one', () => {
    const input = document.paths['/PlaceOrder'].post.requestBody.content['application/json'].schema;
    const sample = samplePlaceOrder();
    (sample.lines as Json[])[1]!.unitPrice = 10.25; // the schema says number; the engine also takes decimal strings
    expect(schemaIssues(document, input, sample)).toEqual([]);
    (sample.lines as Json[])[0]!.quantity = 'abc';
    (sample.customer as Json).email = 'x';
    expect(schemaIssues(document, input, sample)).toEqual(['$.customer.email: not allowed', '$.lines[0].quantity: not an integer']);
  });

  it('deploys as it is: its mappings compile against the same WSDL', () => {
    const operations = Object.entries(document.paths as Json).map(([path, item]) => ({ id: `POST ${path}`, operation: item.post['x-portico-soap'].operation }));
    const soap = document['x-portico-soap'];
    const result = compileParsedSoapMediation(wsdl, { service: soap.service, port: soap.port, operations });
    expect(result.problems).toBeUndefined();
    expect(result.mediation!.operationIds).toEqual(['POST /PlaceOrder', 'POST /GetOrder']);
  });

  it('uses the requested port and reports an unknown one', () => {
    const result = openApiFromWsdl(wsdl, { wsdl: 'x.wsdl', port: 'OrderSoap12', title: 'Orders' }) as WsdlOpenApiResult;
    expect((result.document as Json)['x-portico-soap'].port).toBe('OrderSoap12');
    expect((result.document as Json).info.title).toBe('Orders');
    expect(openApiFromWsdl(wsdl, { wsdl: 'x.wsdl', service: 'Nope' })).toEqual({ problems: [expect.objectContaining({ code: 'soap.service-unknown' })] });
  });
});
