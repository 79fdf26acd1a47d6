// Portico's function gateway (apps/function-gateway: the standard gateway composed with issue 20's
// `function` connector) with two open APIs (`x-wso2-disable-security: true`) in its apisDir, both
// served by the one process, so the two Portico targets differ only in what answers the request:
//   PorticoBenchRest      base path /bench: GET /items proxied to bench/backend.mjs's /items
//   PorticoBenchFunction  base path /bench-fn: GET /items answered by items.mjs of `--functions`
//                         (root `x-portico-connector: { type: function }`, no endpoint URLs)
import path from 'node:path';
import { benchApiYaml, startBenchGateway, writeBenchProject } from '../bench-gateway.mjs';
import { HANDLER_MODULE, writeItemsHandler } from './items-handler.mjs';

export const REST_BASE_PATH = '/bench';
export const FUNCTION_BASE_PATH = '/bench-fn';
export const ITEMS_PATH = '/items';

/** The function app's build: BENCH_PORTICO_FUNCTION_MAIN, else the tree's dist/. */
export function functionGatewayMain(repoRoot) {
  return process.env.BENCH_PORTICO_FUNCTION_MAIN || path.join(repoRoot, 'dist/apps/function-gateway/src/main.js');
}

const OPERATION = `    get:
      summary: the fixed 1 KiB JSON of bench/backend.mjs
      x-wso2-disable-security: true
      responses:
        "200":
          description: OK
`;

/** An open API proxying GET /items to the backend (also the observability scenario's). */
export function restDefinition(backendUrl) {
  return `openapi: 3.0.1
info:
  title: PorticoBenchRest
  version: 1.0.0
x-wso2-basePath: ${REST_BASE_PATH}
x-wso2-disable-security: true
x-wso2-production-endpoints:
  urls:
    - ${backendUrl}
paths:
  ${ITEMS_PATH}:
${OPERATION}`;
}

function functionDefinition() {
  return `openapi: 3.0.1
info:
  title: PorticoBenchFunction
  version: 1.0.0
x-wso2-basePath: ${FUNCTION_BASE_PATH}
x-wso2-disable-security: true
x-portico-connector:
  type: function
  options:
    module: ${HANDLER_MODULE}
paths:
  ${ITEMS_PATH}:
${OPERATION}`;
}

/**
 * Writes the handler into `<dir>/functions`, config + both projects into `dir`, and starts the
 * function gateway (child named `portico`).
 */
export function startFunctionPortico(children, { repoRoot, dir, port, backendPort }) {
  const backendUrl = `http://127.0.0.1:${backendPort}`;
  const functionsDir = path.join(dir, 'functions');
  writeItemsHandler(functionsDir);
  writeBenchProject(dir, 'PorticoBenchRest', {
    'api.yaml': benchApiYaml({ name: 'PorticoBenchRest', context: REST_BASE_PATH, backendUrl }),
    'Definitions/swagger.yaml': restDefinition(backendUrl),
  });
  writeBenchProject(dir, 'PorticoBenchFunction', {
    'api.yaml': benchApiYaml({ name: 'PorticoBenchFunction', context: FUNCTION_BASE_PATH }),
    'Definitions/swagger.yaml': functionDefinition(),
  });
  const main = { file: functionGatewayMain(repoRoot), args: ['--functions', functionsDir] };
  return startBenchGateway(children, { repoRoot, dir, port, main });
}
