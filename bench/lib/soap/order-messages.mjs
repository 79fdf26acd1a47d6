// What the SOAP scenario sends and expects: one small PlaceOrder of OrderService.wsdl (one order
// line), as a SOAP 1.1 envelope written the way a SOAP client writes it (pass-through) and as the
// JSON body of the REST-to-SOAP facade, and the answers each must get back.

export const SOAP_PATH = '/orders';
export const SOAP_ACTION = '"urn:PlaceOrder"';
export const SOAP_CONTENT_TYPE = 'text/xml; charset=utf-8';

/** The REST-to-SOAP facade's JSON body (the content of the PlaceOrder element). */
export const PLACE_ORDER_JSON = {
  customer: { id: 42, name: 'Ada & Co', vip: true, address: { street: 'Main St 1', city: 'Springfield' } },
  lines: [{ sku: 'A-1', quantity: 2, unitPrice: 1.5 }],
  requestedAt: '2026-12-01T09:30:00Z',
  couponCode: null,
};

/** The same order as a SOAP 1.1 envelope (Address is in an unqualified schema: no prefix). */
export const PLACE_ORDER_ENVELOPE =
  '<?xml version="1.0" encoding="utf-8"?>' +
  '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ord="http://example.com/orders" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
  '<soapenv:Body><ord:PlaceOrder>' +
  '<ord:customer><ord:id>42</ord:id><ord:name>Ada &amp; Co</ord:name><ord:vip>true</ord:vip>' +
  '<ord:address><street>Main St 1</street><city>Springfield</city></ord:address></ord:customer>' +
  '<ord:lines><ord:sku>A-1</ord:sku><ord:quantity>2</ord:quantity><ord:unitPrice>1.5</ord:unitPrice></ord:lines>' +
  '<ord:requestedAt>2026-12-01T09:30:00Z</ord:requestedAt><ord:couponCode xsi:nil="true"/>' +
  '</ord:PlaceOrder></soapenv:Body></soapenv:Envelope>';

/** The facade's answer: typed JSON (orderId beyond 2^53 stays a string of all its digits). */
export const PLACE_ORDER_ANSWER_JSON = {
  orderId: '9007199254740993',
  total: 3,
  accepted: true,
  lineCount: 1,
  skus: ['A-1'],
  estimatedDelivery: '2026-12-24T10:00:00Z',
  trackingCode: null,
  shipTo: { street: 'Main St 1', city: 'Springfield' },
};

/** Why a SOAP answer is not the PlaceOrderResponse of the order above, or undefined when it is. */
export function soapAnswerProblem(status, body) {
  if (status !== 200) return `HTTP ${status}`;
  if (!/<(\w+:)?Envelope[\s>]/.test(body)) return 'not a SOAP envelope';
  if (/<(\w+:)?Fault[\s>]/.test(body)) return 'a SOAP fault';
  for (const pattern of [/<(\w+:)?PlaceOrderResponse[\s>]/, /<(\w+:)?orderId>9007199254740993</, /<(\w+:)?total>3\.00</, /<(\w+:)?lineCount>1</]) {
    if (!pattern.test(body)) return `no match for ${pattern}`;
  }
  return undefined;
}
