// Portico as built by `npm run build`, with a temp data dir and one apictl project that points
// at the bench backend (base path /bench): /items, /echo and /large open, /secure/items secured by
// OAuth2 JWTs and /key/items by API keys, both verified with the bench's own public key. With a
// second backend, /lb/items is open too and its production endpoints are both backends, load
// balanced (no `type`: round robin, the default; mode get-lb). A second project, base path
// /bench-bjwt, has only /secure/items, secured the same way, with `x-portico-backend-jwt: true`:
// the gateway's setting stays off, so only that API sends its backend a backend JWT (mode
// get-jwt-bjwt; the backend ignores the header).
import { benchApiYaml, startBenchGateway, writeBenchProject } from './bench-gateway.mjs';
import { AUTH_MODES, BACKEND_JWT_BASE_PATH } from './auth-modes.mjs';
import { BENCH_ISSUER, BENCH_ISSUER_NAME } from './credentials.mjs';
import { LB_PATH } from './lb-mode.mjs';

export const PORTICO_BASE_PATH = '/bench';

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

/** The backend JWT API: get-jwt's resource alone, and the extension that turns the backend JWT on for it. */
function backendJwtDefinition(backendUrl) {
  const bjwt = AUTH_MODES['get-jwt-bjwt'];
  return `openapi: 3.0.1
info:
  title: PorticoBenchBackendJwt
  version: 1.0.0
x-wso2-basePath: ${bjwt.porticoBasePath}
x-wso2-production-endpoints:
  urls:
    - ${backendUrl}
x-portico-backend-jwt: true
paths:
  ${bjwt.porticoPath}:
    get:
${operation('the same 1 KiB JSON, OAuth2 JWT required, backend JWT sent', '')}`;
}

/** The issuers the bench's tokens and API keys are verified with. */
function securityYaml(publicKeyFile) {
  return `security:
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
  const backendUrl = `http://127.0.0.1:${backendPort}`;
  const lbUrls = lbBackendPorts?.map((p) => `http://127.0.0.1:${p}`);
  writeBenchProject(dir, 'PorticoBench', {
    'api.yaml': benchApiYaml({ name: 'PorticoBench', context: PORTICO_BASE_PATH, backendUrl }),
    'Definitions/swagger.yaml': definition(backendUrl, lbUrls),
  });
  writeBenchProject(dir, 'PorticoBenchBackendJwt', {
    'api.yaml': benchApiYaml({ name: 'PorticoBenchBackendJwt', context: BACKEND_JWT_BASE_PATH, backendUrl }),
    'Definitions/swagger.yaml': backendJwtDefinition(backendUrl),
  });
  return startBenchGateway(children, { repoRoot, dir, port, extraConfig: securityYaml(publicKeyFile) });
}

/**
 * get-jwt-bjwt must not measure get-jwt under another name: Portico serves its JWKS only while
 * some API sends backend JWTs, and only the /bench-bjwt API turns them on (the gateway's setting
 * is off). Throws unless `/.wellknown/jwks` answers 200 with a key.
 */
export async function checkBackendJwtServed(port) {
  const url = `http://127.0.0.1:${port}/.wellknown/jwks`;
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let keys = [];
  try {
    keys = JSON.parse(text).keys ?? [];
  } catch {
    // Not JSON: reported below with the status and the start of the answer.
  }
  if (response.status !== 200 || keys.length === 0) {
    throw new Error(`portico: GET ${url} answered ${response.status} (${text.slice(0, 200)}); expected the JWKS of the backend JWT that ${BACKEND_JWT_BASE_PATH} turns on`);
  }
  return keys.length;
}
