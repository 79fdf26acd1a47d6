#!/usr/bin/env node
// `npm run bench -- --scenario websocket`: issue 18's WebSocket figures. An echo backend
// (bench/ws-backend.mjs) called directly and through Portico (one open AsyncAPI project): messages/s
// in interleaved rounds (goal: Portico >= 0.5x direct), then 1,000 idle connections held through
// Portico (goal: <= 100 MB of extra RSS). See bench/README.md, "WebSocket scenario".
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchRun } from './lib/bench-run.mjs';
import { freePort, waitForPort } from './lib/children.mjs';
import { describeEnvironment } from './lib/environment.mjs';
import { echoCheck } from './lib/websocket/echo-check.mjs';
import { runIdlePart } from './lib/websocket/idle-part.mjs';
import { parseWebsocketOptions, USAGE } from './lib/websocket/options.mjs';
import { startWebsocketPortico, WS_BASE_PATH, WS_CHANNEL } from './lib/websocket/portico-ws.mjs';
import { formatWebsocketReport, summarizeWebsocket } from './lib/websocket/summary.mjs';
import { runThroughputRounds } from './lib/websocket/throughput-rounds.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..');
const log = (message) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

async function startBackendAndPortico({ children, tempDir }) {
  const backendPort = await freePort();
  const backend = children.start('ws-backend', process.execPath, [path.join(HERE, 'ws-backend.mjs')], { env: { ...process.env, PORT: String(backendPort), HOST: '127.0.0.1' } });
  await waitForPort(backendPort, backend);
  const port = await freePort();
  const portico = startWebsocketPortico(children, { repoRoot: REPO_ROOT, dir: fs.mkdtempSync(path.join(tempDir, 'portico-')), port, backendPort });
  await waitForPort(port, portico, 60_000);
  const targets = [
    { name: 'direct', url: `ws://127.0.0.1:${backendPort}${WS_CHANNEL}`, child: backend },
    { name: 'portico', url: `ws://127.0.0.1:${port}${WS_BASE_PATH}${WS_CHANNEL}`, child: portico, pids: [portico.pid] },
  ];
  for (const target of targets) await echoCheck(target);
  log(`echo check passed on direct and portico (text and binary, byte for byte)`);
  return { targets, processes: [backend, portico] };
}

async function main() {
  const options = parseWebsocketOptions(process.argv.slice(2));
  if (options.help) return void console.log(USAGE);
  if (process.platform !== 'linux') throw new Error('the bench reads /proc: Linux only');

  const { startedAt, resultsDir, tempDir, children, stopping, cleanUp } = startBenchRun({ tempPrefix: 'portico-bench-ws-', log });

  const environment = describeEnvironment({ repoRoot: REPO_ROOT, load: { name: 'none' }, nginxBinary: undefined });
  environment.loadGenerator = 'bench/lib/websocket/throughput-worker.mjs (ws, own process)';
  delete environment.nginx;
  try {
    log(`websocket scenario${options.quick ? ' (quick)' : ''}: results and process logs in ${resultsDir}`);
    log(`node ${environment.node}, ${environment.cpus} CPUs; parts ${options.parts.join(', ')}`);
    const { targets, processes } = await startBackendAndPortico({ children, tempDir });
    const portico = targets.find((t) => t.name === 'portico');
    let idle;
    // Idle first, on a gateway that has not yet grown its heap under load: the harsher reading.
    if (options.parts.includes('idle')) idle = await runIdlePart({ portico, options, signal: stopping.signal, log });
    let rows = [];
    if (options.parts.includes('throughput')) {
      const runs = options.rounds * targets.length;
      log(`throughput: ${runs} runs of ${options.warmup} + ${options.duration} s, ${options.connections} connections x ${options.window} in flight, ${options.messageBytes}-byte messages`);
      rows = await runThroughputRounds({ targets, children: processes, options, signal: stopping.signal, log });
    }
    const summary = summarizeWebsocket({ rows, idle });
    console.log(formatWebsocketReport({ summary, options }));
    const file = path.join(resultsDir, 'summary.json');
    const document = { scenario: 'websocket', startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), environment, options, ...summary, runs: rows };
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
