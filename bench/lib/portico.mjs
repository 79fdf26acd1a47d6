// Portico as built by `npm run build`, with a temp data dir and one apictl project that points
// at the bench backend (base path /bench): /items, /echo and /large open, /secure/items secured by
// OAuth2 JWTs and /key/items by API keys, both verified with the bench's own public key. With a
// second backend, /lb/items is open too and its production endpoints are both backends, load
// balanced (no `type`: round robin, the default; mode get-lb).
import fs from 'node:fs';
import path from 'node:path';
import { AUTH_MODES } from './auth-modes.mjs';
import { BENCH_ISSUER, BENCH_ISSUER_NAME } from './credentials.mjs';
import { LB_PATH } from './lb-mode.mjs';

export const PORTICO_BASE_PATH = '/bench';

function apiYaml(backendUrl) {
  return `type: api
version: v4.1.0
data:
  name: PorticoBench
  context: ${PORTICO_BASE_PATH}
  version: "1.0.0"
  provider: admin
  lifeCycleStatus: CREATED
  type: HTTP
  transport:
    - http
  endpointImplementationType: ENDPOINT
  endpointConfig:
    endpoint_type: http
    production_endpoints:
      url: ${backendUrl}
`;
}

const operation = (summary, security) => `      summary: ${summary}\n${security}      responses:\n        "200":\n          description: OK\n`;
// Security off per operation, not at the root, so the secured resources keep it.
const OPEN = '      x-wso2-disable-security: true\n';

/** A path item whose own production endpoints replace the API's (spec §6.4), balanced over `urls`. */
function loadBalancedItems(urls) {
  if (!urls) return '';
  return `  ${LB_PATH}:
    x-wso2-production-endpoints:
      urls:
${urls.map((url) => `        - ${url}\n`).join('')}    get:
${operation('the same 1 KiB JSON from either of two backends', OPEN)}`;
}

function definition(backendUrl, lbUrls) {
  // No `security` at all: the default, an OAuth2 bearer JWT (spec §11.1).
  const oauth2 = '';
  const apiKey = '      security:\n        - api_key: []\n';
  return `openapi: 3.0.1
info:
  title: PorticoBench
  version: 1.0.0
x-wso2-basePath: ${PORTICO_BASE_PATH}
x-wso2-production-endpoints:
  urls:
    - ${backendUrl}
components:
  securitySchemes:
    api_key:
      type: apiKey
      name: ${AUTH_MODES['get-apikey'].header}
      in: header
paths:
  /items:
    get:
${operation('fixed 1 KiB JSON', OPEN)}  /echo:
    post:
${operation('echoes the body', OPEN)}  /large:
    get:
${operation('streams ?bytes=N bytes', OPEN)}  ${AUTH_MODES['get-jwt'].porticoPath}:
    get:
${operation('the same 1 KiB JSON, OAuth2 JWT required', oauth2)}  ${AUTH_MODES['get-apikey'].porticoPath}:
    get:
${operation('the same 1 KiB JSON, API key required', apiKey)}${loadBalancedItems(lbUrls)}`;
}

function gatewayYaml(dir, port, publicKeyFile) {
  return `dataDir: ${path.join(dir, 'data')}
apisDir: ${path.join(dir, 'apis')}
dataPlane:
  host: 127.0.0.1
  httpPort: ${port}
  httpsEnabled: false
admin:
  enabled: false
logging:
  level: warn
security:
  issuers:
    - name: ${JSON.stringify(BENCH_ISSUER_NAME)}
      issuer: ${JSON.stringify(BENCH_ISSUER)}
      certificateFile: ${JSON.stringify(publicKeyFile)}
  apiKey:
    certificateFile: ${JSON.stringify(publicKeyFile)}
`;
}

/**
 * Writes config + API project into `dir` and starts the gateway from `repoRoot`; tokens and API
 * keys signed by the private half of `publicKeyFile` (credentials.mjs) are valid. lbBackendPorts
 * (optional): the two backends of the load-balanced resource.
 */
export function startPortico(children, { repoRoot, dir, port, backendPort, publicKeyFile, lbBackendPorts }) {
  const main = path.join(repoRoot, 'dist/apps/gateway/src/main.js');
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run npm run build`);
  const backendUrl = `http://127.0.0.1:${backendPort}`;
  const project = path.join(dir, 'apis', 'PorticoBench');
  fs.mkdirSync(path.join(project, 'Definitions'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  fs.writeFileSync(path.join(project, 'api.yaml'), apiYaml(backendUrl));
  const lbUrls = lbBackendPorts?.map((p) => `http://127.0.0.1:${p}`);
  fs.writeFileSync(path.join(project, 'Definitions', 'swagger.yaml'), definition(backendUrl, lbUrls));
  const config = path.join(dir, 'gateway.yaml');
  fs.writeFileSync(config, gatewayYaml(dir, port, publicKeyFile));
  return children.start('portico', process.execPath, [main, '--config', config], {
    cwd: repoRoot,
    env: { ...environmentWithoutPorticoSettings(), NODE_ENV: 'production', NO_COLOR: '1' },
  });
}

/** PORTICO_* variables of the caller's shell would override the bench config: leave them out. */
function environmentWithoutPorticoSettings() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PORTICO_')));
}
