// The observability scenario's processes: bench/backend.mjs, two Portico gateways in front of it
// that differ only in the access log and the metrics (both off; both on as by default, the access
// log as JSON on stdout, which the bench writes to the gateway's log file, and the metrics with a
// scrape listener of their own), and nginx (when installed) for reference.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchApiYaml, startBenchGateway, writeBenchProject } from '../bench-gateway.mjs';
import { freePort, waitForPort } from '../children.mjs';
import { REST_BASE_PATH, restDefinition } from '../function/portico-function.mjs';
import { startRestTargets } from '../rest-targets.mjs';

const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const GATEWAY_START_MS = 60_000;

/** In report order. portico-on is the gateway's default configuration. */
export const OBSERVABILITY_TARGETS = ['direct', 'nginx', 'portico-off', 'portico-on'];

const GATEWAY_CONFIG = {
  'portico-off': 'accessLog:\n  enabled: false\nmetrics:\n  enabled: false\n',
  'portico-on': (metricsPort) => `metrics:\n  port: ${metricsPort}\n`,
};

async function startGateway(children, { tempDir, target, backendUrl }) {
  const dir = fs.mkdtempSync(path.join(tempDir, `${target}-`));
  writeBenchProject(dir, 'PorticoBenchRest', {
    'api.yaml': benchApiYaml({ name: 'PorticoBenchRest', context: REST_BASE_PATH, backendUrl }),
    'Definitions/swagger.yaml': restDefinition(backendUrl),
  });
  const port = await freePort();
  const metricsPort = target === 'portico-on' ? await freePort() : undefined;
  const config = target === 'portico-on' ? GATEWAY_CONFIG[target](metricsPort) : GATEWAY_CONFIG[target];
  // Named after the target, so each gateway's log (its access log too) is its own.
  const child = startBenchGateway(children, { repoRoot: REPO_ROOT, dir, port, extraConfig: config, name: target });
  await waitForPort(port, child, GATEWAY_START_MS);
  return { child, port, metricsPort };
}

/**
 * Starts what `options.only` needs and checks every target's answer once; returns
 * {runs: [{target, url, logFile, gatewayPids, backendPids, metricsPort?}], processes}.
 */
export function startObservabilityTargets(context) {
  return startRestTargets({
    ...context,
    startPortico: async (target, backendUrl) => {
      const { child, port, metricsPort } = await startGateway(context.children, { tempDir: context.tempDir, target, backendUrl });
      return { child, port, gatewayPids: [child.pid], metricsPort };
    },
  });
}

/**
 * After the rounds: portico-on's own scrape must count the requests it served (so the metrics
 * were really recorded) and its log must hold access lines. Returns {requestsCounted, accessLines}.
 */
export async function checkObservabilityOn(run) {
  const response = await fetch(`http://127.0.0.1:${run.metricsPort}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let requestsCounted = 0;
  for (const line of text.split('\n')) if (line.startsWith('portico_requests_total{')) requestsCounted += Number(line.slice(line.lastIndexOf(' ') + 1));
  const accessLines = fs.readFileSync(run.logFile, 'utf8').split('\n').filter((line) => line.startsWith('{"type":"access"')).length;
  return { status: response.status, requestsCounted, accessLines };
}
