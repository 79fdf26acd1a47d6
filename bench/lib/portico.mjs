// Portico as built by `npm run build`, with a temp data dir and one apictl project that points
// at the bench backend (security disabled, base path /bench).
import fs from 'node:fs';
import path from 'node:path';

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

function definition(backendUrl) {
  const operation = (summary) => `      summary: ${summary}\n      responses:\n        "200":\n          description: OK\n`;
  return `openapi: 3.0.1
info:
  title: PorticoBench
  version: 1.0.0
x-wso2-basePath: ${PORTICO_BASE_PATH}
x-wso2-disable-security: true
x-wso2-production-endpoints:
  urls:
    - ${backendUrl}
paths:
  /items:
    get:
${operation('fixed 1 KiB JSON')}  /echo:
    post:
${operation('echoes the body')}  /large:
    get:
${operation('streams ?bytes=N bytes')}`;
}

function gatewayYaml(dir, port) {
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
`;
}

/** Writes config + API project into `dir` and starts the gateway from `repoRoot`. */
export function startPortico(children, { repoRoot, dir, port, backendPort }) {
  const main = path.join(repoRoot, 'dist/apps/gateway/src/main.js');
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run npm run build`);
  const backendUrl = `http://127.0.0.1:${backendPort}`;
  const project = path.join(dir, 'apis', 'PorticoBench');
  fs.mkdirSync(path.join(project, 'Definitions'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  fs.writeFileSync(path.join(project, 'api.yaml'), apiYaml(backendUrl));
  fs.writeFileSync(path.join(project, 'Definitions', 'swagger.yaml'), definition(backendUrl));
  const config = path.join(dir, 'gateway.yaml');
  fs.writeFileSync(config, gatewayYaml(dir, port));
  return children.start('portico', process.execPath, [main, '--config', config], {
    cwd: repoRoot,
    env: { ...environmentWithoutPorticoSettings(), NODE_ENV: 'production', NO_COLOR: '1' },
  });
}

/** PORTICO_* variables of the caller's shell would override the bench config: leave them out. */
function environmentWithoutPorticoSettings() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PORTICO_')));
}
