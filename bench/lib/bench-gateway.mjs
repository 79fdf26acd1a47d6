// How every scenario starts Portico: the built gateway (or BENCH_PORTICO_MAIN, another build's
// main.js, see bench/README.md) with a gateway.yaml of its own in the run's directory, its APIs
// in `<dir>/apis`, HTTP on loopback only, no admin API, warn logs.
import fs from 'node:fs';
import path from 'node:path';

/** The built gateway to start; throws when it is missing. */
export function gatewayMain(repoRoot) {
  const main = process.env.BENCH_PORTICO_MAIN || path.join(repoRoot, 'dist/apps/gateway/src/main.js');
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run npm run build`);
  return main;
}

/**
 * Writes `<dir>/gateway.yaml` (`extraConfig`: more YAML at the root, e.g. security issuers) and
 * starts the gateway as the child `portico`. The APIs must already be in `<dir>/apis`.
 * `name`: the child's (and its log file's) name, when a scenario runs more than one gateway.
 * `main` (optional): another app's built main.js, `{ file, args }` (args follow `--config FILE`),
 * for a gateway composed with more modules (the function scenario's apps/function-gateway).
 */
export function startBenchGateway(children, { repoRoot, dir, port, extraConfig = '', main: app, name = 'portico' }) {
  if (app && !fs.existsSync(app.file)) throw new Error(`${app.file} is missing: run npm run build`);
  const main = app ? app.file : gatewayMain(repoRoot);
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  const config = path.join(dir, 'gateway.yaml');
  fs.writeFileSync(
    config,
    `dataDir: ${path.join(dir, 'data')}
apisDir: ${path.join(dir, 'apis')}
dataPlane:
  host: 127.0.0.1
  httpPort: ${port}
  httpsEnabled: false
admin:
  enabled: false
logging:
  level: warn
${extraConfig}`,
  );
  return children.start(name, process.execPath, [main, '--config', config, ...(app?.args ?? [])], {
    cwd: repoRoot,
    env: { ...environmentWithoutPorticoSettings(), NODE_ENV: 'production', NO_COLOR: '1' },
  });
}

/**
 * The api.yaml apictl writes for a bench API: `type` HTTP, SOAP or WS, one production endpoint
 * (its scheme gives the endpoint type), served on `transports` (none: every listener). Without
 * `backendUrl`, no endpointConfig: for an API whose connector calls no URLs (x-portico-connector).
 */
export function benchApiYaml({ name, context, type = 'HTTP', backendUrl, transports = ['http'] }) {
  const list = transports.length === 0 ? ' []' : transports.map((t) => `\n    - ${t}`).join('');
  const endpoint =
    backendUrl === undefined
      ? ''
      : `  endpointImplementationType: ENDPOINT
  endpointConfig:
    endpoint_type: ${backendUrl.startsWith('ws') ? 'ws' : 'http'}
    production_endpoints:
      url: ${backendUrl}
`;
  return `type: api
version: v4.1.0
data:
  name: ${name}
  context: ${context}
  version: "1.0.0"
  provider: admin
  lifeCycleStatus: CREATED
  type: ${type}
  transport:${list}
${endpoint}`;
}

/** Writes a project folder `<dir>/apis/<name>/` from its files by path (`api.yaml`, `Definitions/swagger.yaml`, …). */
export function writeBenchProject(dir, name, files) {
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(dir, 'apis', name, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
}

/** PORTICO_* variables of the caller's shell would override the bench config: leave them out. */
function environmentWithoutPorticoSettings() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PORTICO_')));
}
