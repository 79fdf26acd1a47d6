import { readFileSync } from 'node:fs';
import { type ISoapServiceMethod, type IServices } from 'soap';

export const ORDER_WSDL_PATH = new URL('../test-data/OrderService.wsdl', import.meta.url).pathname;
export const ORDER_WSDL = readFileSync(ORDER_WSDL_PATH, 'utf8');

/** The WSDL's common schema (namespace http://example.com/common) as a document of its own. */
export const ORDER_COMMON_XSD = ORDER_WSDL.slice(
  ORDER_WSDL.indexOf('<xs:schema targetNamespace="http://example.com/common"'),
  ORDER_WSDL.indexOf('</xs:schema>') + '</xs:schema>'.length,
).replace('<xs:schema ', '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" ');

/** The WSDL without its common schema, importing ORDER_COMMON_XSD from `schemaLocation` instead. */
export function orderWsdlImporting(schemaLocation: string): string {
  return ORDER_WSDL.replace(ORDER_COMMON_XSD.replace('xmlns:xs="http://www.w3.org/2001/XMLSchema" ', ''), '').replace(
    '<xs:import namespace="http://example.com/common"/>',
    `<xs:import namespace="http://example.com/common" schemaLocation="${schemaLocation}"/>`,
  );
}

/** What the fake order service received, as soap's server parsed it. */
export const received: unknown[] = [];

interface OrderLineIn {
  sku: string;
  quantity: number;
  unitPrice: number;
}

function placeOrder(args: { lines: OrderLineIn | OrderLineIn[]; customer: { vip: boolean } }, soap12: boolean) {
  received.push(args);
  const lines = Array.isArray(args.lines) ? args.lines : [args.lines];
  const zero = lines.findIndex((l) => Number(l.quantity) === 0);
  if (zero >= 0) throw clientFault(soap12, `line ${zero} has quantity 0`, zero);
  if (lines.some((l) => l.sku === 'CRASH')) throw serverFault(soap12, 'inventory database unavailable');
  const total = lines.reduce((sum, l) => sum + Number(l.quantity) * Number(l.unitPrice), 0);
  return {
    orderId: '9007199254740993', // 2^53 + 1: must stay exact
    total: total.toFixed(2),
    accepted: true,
    lineCount: lines.length,
    skus: lines.length === 1 ? lines[0]!.sku : lines.map((l) => l.sku),
    estimatedDelivery: '2026-12-24T10:00:00Z',
    trackingCode: { attributes: { 'xsi:nil': 'true' } },
    shipTo: { street: 'Main St 1', city: 'Springfield' },
  };
}

function clientFault(soap12: boolean, reason: string, line: number) {
  const detail = { OrderFault: { reason, line } };
  return soap12
    ? { Fault: { Code: { Value: 'soap:Sender', Subcode: { Value: 'tns:InvalidLine' } }, Reason: { Text: reason }, Detail: detail, statusCode: 500 } }
    : { Fault: { faultcode: 'soap:Client', faultstring: reason, detail, statusCode: 500 } };
}

function serverFault(soap12: boolean, reason: string) {
  return soap12
    ? { Fault: { Code: { Value: 'soap:Receiver' }, Reason: { Text: reason }, statusCode: 500 } }
    : { Fault: { faultcode: 'soap:Server', faultstring: reason, statusCode: 500 } };
}

function getOrder(args: { orderId: string }) {
  received.push(args);
  return { orderId: args.orderId, status: 'shipped', lines: [{ sku: 'A-1', quantity: 2, unitPrice: '1.50' }] };
}

/** The service implementation for soap.listen, for the 1.1 or the 1.2 port. */
export function orderServices(soap12: boolean): IServices {
  const port: Record<string, ISoapServiceMethod> = {
    PlaceOrder: (args: Parameters<typeof placeOrder>[0]) => placeOrder(args, soap12),
    GetOrder: getOrder as ISoapServiceMethod,
  };
  return { OrderService: { OrderSoap11: port, OrderSoap12: port } };
}

/** A request body that fits PlaceOrder. */
export function samplePlaceOrder(): Record<string, unknown> {
  return {
    customer: { id: 42, name: 'Ada & Co <ltd>', vip: true, address: { street: 'Main St 1', city: 'Springfield', zip: '12345' } },
    lines: [
      { sku: 'A-1', quantity: 2, unitPrice: 1.5 },
      { sku: 'B-2', quantity: 1, unitPrice: '10.25' },
    ],
    requestedAt: '2026-12-01T09:30:00Z',
    priority: 'high',
    couponCode: null,
  };
}

/** Sets a value at a dotted path (`lines.1.quantity`) of a test body; undefined deletes it. */
export function setAt(body: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let target = body as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  if (value === undefined) delete target[keys.at(-1)!];
  else target[keys.at(-1)!] = value;
}
