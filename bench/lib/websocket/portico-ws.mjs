// Portico as built by `npm run build`, with a temp data dir and one apictl project of type WS
// (api.yaml + Definitions/asyncapi.yaml, base path /bench-ws): channel `/*`, open
// (`x-wso2-disable-security: true`), production endpoint the bench's ws echo backend. Without an
// `x-uri-mapping` every channel reaches the backend at its base path (spec §10.2).
import { benchApiYaml, startBenchGateway, writeBenchProject } from '../bench-gateway.mjs';

export const WS_BASE_PATH = '/bench-ws';
export const WS_CHANNEL = '/echo';

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

/** Writes config + WS project into `dir` and starts the gateway (child named `portico`). */
export function startWebsocketPortico(children, { repoRoot, dir, port, backendPort }) {
  const backendUrl = `ws://127.0.0.1:${backendPort}`;
  writeBenchProject(dir, 'PorticoBenchWebSocket', {
    'api.yaml': benchApiYaml({ name: 'PorticoBenchWebSocket', context: WS_BASE_PATH, type: 'WS', backendUrl, transports: [] }),
    'Definitions/asyncapi.yaml': asyncApi(backendUrl),
  });
  return startBenchGateway(children, { repoRoot, dir, port });
}
