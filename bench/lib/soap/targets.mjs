// The SOAP scenario's processes and runs: the soap backend, nginx (when installed; its /bench/
// location of the proxy scenario, prefix stripped) and Portico (SOAP API under /bench,
// REST-to-SOAP API under /bench-shop). Every [mode, target] run gets its request (URL, body file,
// headers) and must be answered right before the rounds. The direct REST-to-SOAP run replays the
// envelope Portico's facade sent in its check, byte for byte, with the same headers.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForPort } from '../children.mjs';
import { startNginx } from '../nginx.mjs';
import { processTree } from '../proc-stats.mjs';
import { checkAnswer } from './answer-check.mjs';
import { runsOfRound } from './options.mjs';
import { PLACE_ORDER_ENVELOPE, PLACE_ORDER_JSON, SOAP_ACTION, SOAP_CONTENT_TYPE, SOAP_PATH } from './order-messages.mjs';
import { PASS_THROUGH_BASE_PATH, REST_TO_SOAP_BASE_PATH, REST_TO_SOAP_RESOURCE, startSoapPortico } from './portico-soap.mjs';

const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const NGINX_WORKER_START_MS = 300;
const CAPTURE_HEADER = 'x-bench-capture';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const envelopeRequest = (url, body = PLACE_ORDER_ENVELOPE, headers = { 'content-type': SOAP_CONTENT_TYPE, soapaction: SOAP_ACTION }) => ({ url, body, headers });

async function startProcesses({ children, tempDir, nginxBinary, options }) {
  const backendPort = await freePort();
  const backend = children.start('soap-backend', process.execPath, [path.join(BENCH_DIR, 'soap-backend.mjs')], { env: { ...process.env, PORT: String(backendPort), HOST: '127.0.0.1' } });
  await waitForPort(backendPort, backend);
  const targets = { direct: { name: 'direct', child: backend, port: backendPort } };
  if (options.only.includes('nginx') && nginxBinary && options.modes.includes('pass-through')) {
    const port = await freePort();
    const child = startNginx(children, { binary: nginxBinary, dir: fs.mkdtempSync(path.join(tempDir, 'nginx-')), port, backendPort });
    await waitForPort(port, child);
    await sleep(NGINX_WORKER_START_MS); // the worker starts after the master opens the port
    targets.nginx = { name: 'nginx', child, port, pids: processTree(child.pid) };
  }
  if (options.only.includes('portico')) {
    const port = await freePort();
    const child = startSoapPortico(children, { repoRoot: REPO_ROOT, dir: fs.mkdtempSync(path.join(tempDir, 'portico-')), port, backendPort });
    await waitForPort(port, child, 60_000);
    targets.portico = { name: 'portico', child, port, pids: [child.pid] };
  }
  return targets;
}

/** The request of one [mode, target] run; undefined for the direct REST-to-SOAP one (captured later). */
function requestOf(mode, target) {
  const base = `http://127.0.0.1:${target.port}`;
  if (mode === 'pass-through') return envelopeRequest(`${base}${target.name === 'direct' ? '' : PASS_THROUGH_BASE_PATH}${SOAP_PATH}`);
  if (target.name === 'portico') return { url: `${base}${REST_TO_SOAP_BASE_PATH}${REST_TO_SOAP_RESOURCE}`, body: JSON.stringify(PLACE_ORDER_JSON), headers: { 'content-type': 'application/json' } };
  return undefined;
}

/** What the facade sent the backend in its check (the backend keeps the last request marked so). */
async function capturedEnvelope(backendPort) {
  const response = await fetch(`http://127.0.0.1:${backendPort}/captured`, { signal: AbortSignal.timeout(10_000) });
  const captured = await response.json();
  if (!captured?.body) throw new Error('the soap backend captured no request from Portico');
  const headers = Object.fromEntries(Object.entries(captured.headers).filter(([, v]) => typeof v === 'string'));
  return { ...captured, headers };
}

/**
 * Starts the processes the runs need and checks every run's answer; returns
 * {runs: [{mode, target, request: {url, bodyFile, headers}, expects}], processes, envelopeSource}.
 */
export async function startSoapTargets({ children, tempDir, nginxBinary, options, log }) {
  const targets = await startProcesses({ children, tempDir, nginxBinary, options });
  const runs = runsOfRound(options)
    .filter(([, name]) => targets[name])
    .map(([mode, name]) => ({ mode, target: targets[name], request: requestOf(mode, targets[name]), expects: mode === 'rest-to-soap' && name === 'portico' ? 'json' : 'soap' }));
  // The facade first: its envelope becomes the direct REST-to-SOAP request.
  const facade = runs.find((r) => r.expects === 'json');
  if (facade) await checkAnswer(facade, { [CAPTURE_HEADER]: '1' });
  const direct = runs.find((r) => r.mode === 'rest-to-soap' && r.target.name === 'direct');
  let envelopeSource;
  if (direct) {
    const captured = facade ? await capturedEnvelope(targets.direct.port) : undefined;
    direct.request = captured ? envelopeRequest(`http://127.0.0.1:${targets.direct.port}${captured.url}`, captured.body, captured.headers) : envelopeRequest(`http://127.0.0.1:${targets.direct.port}${SOAP_PATH}`);
    envelopeSource = captured ? 'the envelope Portico sent (captured)' : 'the pass-through envelope (Portico not measured)';
  }
  for (const run of runs) if (run !== facade) await checkAnswer(run);
  log(`answer check passed: ${runs.map((r) => `${r.mode} ${r.target.name}`).join(', ')}`);
  for (const [i, run] of runs.entries()) {
    run.request.bodyFile = path.join(tempDir, `body-${i}.${run.expects === 'json' ? 'json' : 'xml'}`);
    fs.writeFileSync(run.request.bodyFile, run.request.body);
  }
  return { runs, processes: Object.values(targets).map((t) => t.child), envelopeSource };
}
