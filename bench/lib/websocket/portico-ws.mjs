// Portico as built by `npm run build`, with a temp data dir and one apictl project of type WS
// (api.yaml + Definitions/asyncapi.yaml, base path /bench-ws): channel `/*`, open
// (`x-wso2-disable-security: true`), production endpoint the bench's ws echo backend. Without an
// `x-uri-mapping` every channel reaches the backend at its base path (spec §10.2).
import fs from 'node:fs';
import path from 'node:path';

export const WS_BASE_PATH = '/bench-ws';
export const WS_CHANNEL = '/echo';

function apiYaml(backendUrl) {
  return `type: api
version: v4.1.0
data:
  name: PorticoBenchWebSocket
  context: ${WS_BASE_PATH}
  version: "1.0.0"
  provider: admin
  lifeCycleStatus: CREATED
  type: WS
  transport: []
  endpointImplementationType: ENDPOINT
  endpointConfig:
    endpoint_type: ws
    production_endpoints:
      url: ${backendUrl}
`;
}

function asyncApi(backendUrl) {
  return `asyncapi: 2.0.0
info:
  title: PorticoBenchWebSocket
  version: 1.0.0
x-wso2-basePath: ${WS_BASE_PATH}
x-wso2-disable-security: true
servers:
  production:
    url: ${backendUrl}
    protocol: ws
channels:
  /*:
    publish: {}
    subscribe: {}
    x-wso2-disable-security: true
`;
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

/** PORTICO_* variables of the caller's shell would override the bench config: leave them out. */
function environmentWithoutPorticoSettings() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PORTICO_')));
}

/** Writes config + WS project into `dir` and starts the gateway (child named `portico`). */
export function startWebsocketPortico(children, { repoRoot, dir, port, backendPort }) {
  const main = path.join(repoRoot, 'dist/apps/gateway/src/main.js');
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run npm run build`);
  const backendUrl = `ws://127.0.0.1:${backendPort}`;
  const project = path.join(dir, 'apis', 'PorticoBenchWebSocket');
  fs.mkdirSync(path.join(project, 'Definitions'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  fs.writeFileSync(path.join(project, 'api.yaml'), apiYaml(backendUrl));
  fs.writeFileSync(path.join(project, 'Definitions', 'asyncapi.yaml'), asyncApi(backendUrl));
  const config = path.join(dir, 'gateway.yaml');
  fs.writeFileSync(config, gatewayYaml(dir, port));
  return children.start('portico', process.execPath, [main, '--config', config], {
    cwd: repoRoot,
    env: { ...environmentWithoutPorticoSettings(), NODE_ENV: 'production', NO_COLOR: '1' },
  });
}
