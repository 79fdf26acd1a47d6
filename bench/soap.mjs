#!/usr/bin/env node
// `npm run bench -- --scenario soap`: issue 19's SOAP figures. OrderService.wsdl served by the
// `soap` package (bench/soap-backend.mjs), one small PlaceOrder: a SOAP 1.1 envelope POSTed directly,
// through nginx (the native reference, when installed) and through Portico's SOAP API
// (pass-through), and a JSON POST to Portico's REST-to-SOAP facade against the envelope it sends
// POSTed directly (rest-to-soap); interleaved rounds, req/s, latency, proxy CPU per request. No goal:
// the figures are reported. See bench/README.md, "SOAP scenario".
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchRun } from './lib/bench-run.mjs';
import { describeEnvironment } from './lib/environment.mjs';
import { findNginx } from './lib/nginx.mjs';
import { parseSoapOptions, USAGE } from './lib/soap/options.mjs';
import { runSoapRounds } from './lib/soap/rounds.mjs';
import { formatSoapReport, summarizeSoap } from './lib/soap/summary.mjs';
import { startSoapTargets } from './lib/soap/targets.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..');
const log = (message) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

async function main() {
  const options = parseSoapOptions(process.argv.slice(2));
  if (options.help) return void console.log(USAGE);
  if (process.platform !== 'linux') throw new Error('the bench reads /proc: Linux only');

  const wantsNginx = options.only.includes('nginx') && options.modes.includes('pass-through');
  const nginxBinary = wantsNginx ? findNginx() : undefined;
  if (wantsNginx && !nginxBinary) {
    log('nginx is not on PATH: measuring without it (apt-get install -y nginx)');
    options.only = options.only.filter((t) => t !== 'nginx');
  }
  // nginx workers may run as another user (nobody) under root: they must reach the temp dirs.
  const { startedAt, resultsDir, tempDir, children, stopping, cleanUp } = startBenchRun({ tempPrefix: 'portico-bench-soap-', tempMode: 0o755, log });

  const environment = describeEnvironment({ repoRoot: REPO_ROOT, load: { name: 'autocannon' }, nginxBinary });
  environment.loadGenerator = 'autocannon (devDependency, own process; 1 ms latency resolution)';
  try {
    log(`soap scenario${options.quick ? ' (quick)' : ''}: results and process logs in ${resultsDir}`);
    log(`node ${environment.node}, ${environment.cpus} CPUs, nginx: ${environment.nginx ?? 'not used'}; modes ${options.modes.join(', ')}; targets ${options.only.join(', ')}`);
    const { runs, processes, envelopeSource } = await startSoapTargets({ children, tempDir, nginxBinary, options, log });
    if (envelopeSource) log(`rest-to-soap direct sends ${envelopeSource}`);
    log(`${options.rounds} rounds x ${runs.length} runs of ${options.warmup} + ${options.duration} s, ${options.connections} connections`);
    const rows = await runSoapRounds({ runs, processes, options, signal: stopping.signal, log });
    const summary = summarizeSoap(rows);
    console.log(formatSoapReport({ summary, options }));
    const file = path.join(resultsDir, 'summary.json');
    const requests = runs.map((r) => ({ mode: r.mode, target: r.target.name, url: r.request.url, headers: r.request.headers, bodyBytes: Buffer.byteLength(r.request.body) }));
    const document = { scenario: 'soap', startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), environment, options, requests, envelopeSource: envelopeSource ?? null, ...summary, runs: rows };
    fs.writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
    log(`summary: ${file}`);
  } finally {
    await cleanUp();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
