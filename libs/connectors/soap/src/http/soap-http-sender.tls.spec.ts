// Test certificates are made with the gateway's own issuer; #gateway would load the whole gateway here.
import { issueCertificate, type IssuedCertificate } from '../../../../gateway/src/certificate-issuer.js';
import { compileSoapMediation } from '../soap-mediation.js';
import { callSoapOperation } from '../soap-call.js';
import { type SoapOperation } from '../soap-operation.js';
import { startSoapServer, type RunningSoapServer } from '../soap-test-server.spec-support.js';
import { ORDER_WSDL, ORDER_WSDL_PATH, orderServices } from '../order-service.spec-support.js';
import { SoapHttpSender } from './soap-http-sender.js';

describe('SoapHttpSender towards an HTTPS SOAP service', () => {
  let ca: IssuedCertificate;
  let server: RunningSoapServer;
  let getOrder: SoapOperation;

  beforeAll(async () => {
    ca = await issueCertificate({ commonName: 'Unit CA', ca: true });
    const leaf = await issueCertificate({ commonName: '127.0.0.1', altNames: ['127.0.0.1'], issuer: ca });
    server = await startSoapServer({ wsdl: ORDER_WSDL, path: '/orders', services: orderServices(false), tls: { cert: leaf.cert, key: leaf.key } });
    const result = await compileSoapMediation({ wsdlText: ORDER_WSDL, wsdlLocation: ORDER_WSDL_PATH, operations: [{ id: 'get', operation: 'GetOrder' }] });
    getOrder = result.mediation!.operation('get')!;
  });
  afterAll(() => server.close());

  it('trusts the backend through the TLS options it is given, over kept-alive connections', async () => {
    const sender = new SoapHttpSender({ tls: { ca: [ca.cert] } });
    try {
      for (const orderId of [1, 2]) {
        await expect(callSoapOperation(getOrder, { body: { orderId } }, { endpoint: server.url, sender })).resolves.toMatchObject({ status: 200, body: { orderId } });
      }
      expect(server.requests.map((r) => r.headers.connection)).toEqual(['keep-alive', 'keep-alive']);
    } finally {
      await sender.dispose();
    }
  });

  it('fails to connect to a backend it does not trust', async () => {
    const sender = new SoapHttpSender();
    try {
      await expect(callSoapOperation(getOrder, { body: { orderId: 1 } }, { endpoint: server.url, sender })).rejects.toMatchObject({ failure: 'connect' });
    } finally {
      await sender.dispose();
    }
  });
});
