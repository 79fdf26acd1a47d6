import { createServer, type RequestListener, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { compileSoapMediation } from './soap-mediation.js';
import { callSoapOperation } from './soap-call.js';
import { SoapHttpSender } from './http/soap-http-sender.js';
import { SoapResponseError, SoapTransportError } from './soap-errors.js';
import { type SoapOperation } from './soap-operation.js';
import { startSoapServer, type RunningSoapServer } from './soap-test-server.spec-support.js';
import { ORDER_WSDL, ORDER_WSDL_PATH, orderServices } from './order-service.spec-support.js';

async function plainServer(listener: RequestListener): Promise<{ url: string; server: Server }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`, server };
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

describe('one try of a mediated call', () => {
  const sender = new SoapHttpSender({ maxResponseBytes: 64 * 1024 });
  const servers: Server[] = [];
  let members: RunningSoapServer[];
  let getOrder: SoapOperation;
  const input = { body: { orderId: 7 } };

  beforeAll(async () => {
    members = await Promise.all([0, 1].map(() => startSoapServer({ wsdl: ORDER_WSDL, path: '/orders', services: orderServices(false) })));
    const result = await compileSoapMediation({ wsdlText: ORDER_WSDL, wsdlLocation: ORDER_WSDL_PATH, operations: [{ id: 'get', operation: 'GetOrder' }] });
    getOrder = result.mediation!.operation('get')!;
  });
  afterAll(async () => {
    await sender.dispose();
    await sender.dispose(); // idempotent
    await Promise.all([...members.map((m) => m.close()), ...servers.map(closeServer)]);
  });

  const answering = async (listener: RequestListener) => {
    const { url, server } = await plainServer(listener);
    servers.push(server);
    return url;
  };

  it('goes to the member chosen for the try, over one shared sender', async () => {
    for (const member of [members[1]!, members[0]!, members[1]!]) {
      await expect(callSoapOperation(getOrder, input, { endpoint: member.url, sender })).resolves.toMatchObject({ status: 200, body: { orderId: 7 } });
    }
    expect(members.map((m) => m.requests.length)).toEqual([1, 2]);
  });

  it('fails with a timeout when the backend does not answer in time', async () => {
    const url = await answering(() => undefined);
    const error = await callSoapOperation(getOrder, input, { endpoint: url, sender, timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SoapTransportError);
    expect((error as SoapTransportError).failure).toBe('timeout');
  });

  it('stops when the caller aborts', async () => {
    const url = await answering(() => undefined);
    const controller = new AbortController();
    const call = callSoapOperation(getOrder, input, { endpoint: url, sender, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(call).rejects.toMatchObject({ failure: 'aborted' });
  });

  it('reports a refused connection as a connect failure', async () => {
    const url = await answering(() => undefined);
    await closeServer(servers.pop()!);
    await expect(callSoapOperation(getOrder, input, { endpoint: url, sender })).rejects.toMatchObject({ failure: 'connect' });
  });

  it.each([
    ['an HTML page', 200, '<html><body>Welcome</body></html>', 'is not a SOAP envelope but {}html'],
    ['plain text', 200, 'all good', 'is not XML'],
    ['an error without fault', 500, '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body/></soap:Envelope>', 'HTTP 500 without a SOAP fault'],
    [
      'another element',
      200,
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><x:Other xmlns:x="urn:x"/></soap:Body></soap:Envelope>',
      'answered with {urn:x}Other, not the output element {http://example.com/orders}GetOrderResponse',
    ],
    [
      'a wrong type',
      200,
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetOrderResponse xmlns="http://example.com/orders"><orderId>seven</orderId><status>x</status></GetOrderResponse></s:Body></s:Envelope>',
      "the backend's GetOrderResponse.orderId is \"seven\", not an xs:long",
    ],
  ])('turns %s into a 502 error', async (_what, status, body, message) => {
    const url = await answering((_request, response) => response.writeHead(status, { 'content-type': 'text/xml' }).end(body));
    const error = await callSoapOperation(getOrder, input, { endpoint: url, sender }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SoapResponseError);
    expect((error as SoapResponseError).status).toBe(502);
    expect((error as Error).message).toContain(message);
  });

  it('refuses a response larger than the limit', async () => {
    const url = await answering((_request, response) => response.end('<a>' + 'x'.repeat(100 * 1024) + '</a>'));
    await expect(callSoapOperation(getOrder, input, { endpoint: url, sender })).rejects.toMatchObject({ failure: 'too-large' });
  });
});
