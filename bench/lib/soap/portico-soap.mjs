// Portico as built by `npm run build`, with a temp data dir and two apictl projects in its apisDir,
// both open (`x-wso2-disable-security: true`) and pointing at bench/soap-backend.mjs:
//   PorticoBenchSoap        api.yaml `type: SOAP`, base path /bench (nginx's prefix too), resource
//                           `/*` post: the envelope passed through to the backend's /orders
//   PorticoBenchRestToSoap  a REST API with `x-portico-soap` (WSDL/OrderService.wsdl of the project,
//                           port OrderSoap11), base path /bench-shop: POST /orders -> PlaceOrder
import fs from 'node:fs';
import path from 'node:path';
import { benchApiYaml, startBenchGateway, writeBenchProject } from '../bench-gateway.mjs';
import { SOAP_PATH } from './order-messages.mjs';

export const PASS_THROUGH_BASE_PATH = '/bench';
export const REST_TO_SOAP_BASE_PATH = '/bench-shop';
export const REST_TO_SOAP_RESOURCE = '/orders';
const WSDL_FILE = 'libs/connectors/soap/test-data/OrderService.wsdl';

// As Choreo Connect's SampleSOAPApi: one `/*` POST resource, whatever follows the base path goes on.
function passThroughDefinition(backendUrl) {
  return `openapi: 3.0.1
info:
  title: PorticoBenchSoap
  version: 1.0.0
x-wso2-basePath: ${PASS_THROUGH_BASE_PATH}
x-wso2-disable-security: true
x-wso2-production-endpoints:
  urls:
    - ${backendUrl}
paths:
  /*:
    post:
      summary: a SOAP 1.1 or 1.2 envelope, passed through
      x-wso2-disable-security: true
      responses:
        "200":
          description: OK
`;
}

function restToSoapDefinition(soapUrl) {
  return `openapi: 3.0.3
info:
  title: PorticoBenchRestToSoap
  version: 1.0.0
x-wso2-basePath: ${REST_TO_SOAP_BASE_PATH}
x-wso2-disable-security: true
x-wso2-production-endpoints:
  urls:
    - ${soapUrl}
x-portico-soap:
  wsdl: WSDL/OrderService.wsdl
  port: OrderSoap11
paths:
  ${REST_TO_SOAP_RESOURCE}:
    post:
      summary: PlaceOrder, JSON in and out
      x-wso2-disable-security: true
      x-portico-soap: PlaceOrder
      responses:
        "200":
          description: OK
`;
}

/** Writes config + both projects into `dir` and starts the gateway (child named `portico`). */
export function startSoapPortico(children, { repoRoot, dir, port, backendPort }) {
  const backendUrl = `http://127.0.0.1:${backendPort}`;
  writeBenchProject(dir, 'PorticoBenchSoap', {
    'api.yaml': benchApiYaml({ name: 'PorticoBenchSoap', context: PASS_THROUGH_BASE_PATH, type: 'SOAP', backendUrl }),
    'Definitions/swagger.yaml': passThroughDefinition(backendUrl),
  });
  const soapUrl = `${backendUrl}${SOAP_PATH}`;
  writeBenchProject(dir, 'PorticoBenchRestToSoap', {
    'api.yaml': benchApiYaml({ name: 'PorticoBenchRestToSoap', context: REST_TO_SOAP_BASE_PATH, type: 'HTTP', backendUrl: soapUrl }),
    'Definitions/swagger.yaml': restToSoapDefinition(soapUrl),
    'WSDL/OrderService.wsdl': fs.readFileSync(path.join(repoRoot, WSDL_FILE), 'utf8'),
  });
  return startBenchGateway(children, { repoRoot, dir, port });
}
