#!/usr/bin/env node
// `npm run bench -- --scenario websocket`: issue 18's WebSocket figures. An echo backend
// (bench/ws-backend.mjs) called directly, through nginx (the native reference, when installed) and
// through Portico (one open AsyncAPI project): 1,000 idle connections held through Portico (goal:
// <= 100 MB of extra RSS) and through nginx (for comparison), then messages/s in interleaved rounds
// (goal: Portico >= 0.5x direct; Portico / nginx reported). See bench/README.md, "WebSocket scenario".
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchRun } from './lib/bench-run.mjs';
import { describeEnvironment } from './lib/environment.mjs';
import { findNginx } from './lib/nginx.mjs';
import { runIdlePart } from './lib/websocket/idle-part.mjs';
import { parseWebsocketOptions, USAGE } from './lib/websocket/options.mjs';
import { formatWebsocketReport, summarizeWebsocket } from './lib/websocket/summary.mjs';
import { startWebsocketTargets } from './lib/websocket/targets.mjs';
import { runThroughputRounds } from './lib/websocket/throughput-rounds.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..');
const log = (message) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

/** Portico's (the goal) first, on a gateway that has not yet grown its heap; nginx's for comparison. */
async function runIdleParts({ targets, options, signal }) {
  const idle = {};
  for (const name of ['portico', 'nginx']) {
    const target = targets.find((t) => t.name === name);
    if (target) idle[name] = await runIdlePart({ target, options, signal, log });
  }
  return idle;
}

async function main() {
  const options = parseWebsocketOptions(process.argv.slice(2));
  if (options.help) return void console.log(USAGE);
  if (process.platform !== 'linux') throw new Error('the bench reads /proc: Linux only');

  const nginxBinary = options.only.includes('nginx') ? findNginx() : undefined;
  if (options.only.includes('nginx') && !nginxBinary) {
    log('nginx is not on PATH: measuring without it (apt-get install -y nginx)');
    options.only = options.only.filter((t) => t !== 'nginx');
  }
  // nginx workers may run as another user (nobody) under root: they must reach the temp dirs.
  const { startedAt, resultsDir, tempDir, children, stopping, cleanUp } = startBenchRun({ tempPrefix: 'portico-bench-ws-', tempMode: 0o755, log });

  const environment = describeEnvironment({ repoRoot: REPO_ROOT, load: { name: 'none' }, nginxBinary });
  environment.loadGenerator = 'bench/lib/websocket/throughput-worker.mjs (ws, own process)';
  try {
    log(`websocket scenario${options.quick ? ' (quick)' : ''}: results and process logs in ${resultsDir}`);
    log(`node ${environment.node}, ${environment.cpus} CPUs, nginx: ${environment.nginx ?? 'not used'}; parts ${options.parts.join(', ')}; targets ${options.only.join(', ')}`);
    const { targets, processes } = await startWebsocketTargets({ children, tempDir, nginxBinary, options, log });
    // Idle first, on proxies that have not yet grown their heaps under load: the harsher reading.
    const idle = options.parts.includes('idle') ? await runIdleParts({ targets, options, signal: stopping.signal }) : {};
    let rows = [];
    if (options.parts.includes('throughput')) {
      const runs = options.rounds * targets.length;
      log(`throughput: ${runs} runs of ${options.warmup} + ${options.duration} s, ${options.connections} connections x ${options.window} in flight, ${options.messageBytes}-byte messages`);
      rows = await runThroughputRounds({ targets, children: processes, options, signal: stopping.signal, log });
    }
    const summary = summarizeWebsocket({ rows, idle: idle.portico, nginxIdle: idle.nginx });
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
