#!/usr/bin/env node
// `npm run bench -- --scenario scale`: the scale targets of issue 13 (routing among 10,000 APIs,
// one more deploy into 5,000, 2,000 deploys one by one, boot with 5,000, memory per API).
// See bench/README.md, "Scale scenario".
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchRun } from './lib/bench-run.mjs';
import { describeEnvironment } from './lib/environment.mjs';
import { parseScaleOptions, USAGE } from './lib/scale/options.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..');
const log = (message) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

async function main() {
  const options = parseScaleOptions(process.argv.slice(2));
  if (options.help) return void console.log(USAGE);
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist/libs/gateway/src/index.js'))) throw new Error('dist/ is missing: run npm run build');
  // Imported only now: they load the built gateway (dist/).
  const { killAllGateways } = await import('./lib/scale/gateway-process.mjs');
  const steps = await import('./lib/scale/steps.mjs');
  const { evaluate, formatScaleReport } = await import('./lib/scale/report.mjs');

  const { startedAt, resultsDir, tempDir, cleanUp } = startBenchRun({
    tempPrefix: 'portico-bench-scale-',
    stopAlso: () => {
      steps.killMatchWorkers();
      killAllGateways();
    },
    log,
  });

  const environment = describeEnvironment({ repoRoot: REPO_ROOT, load: { name: 'none' }, nginxBinary: undefined });
  delete environment.loadGenerator;
  delete environment.nginx;
  const context = { options, tempDir, logDir: resultsDir, log };
  const figures = {};
  try {
    log(`scale scenario${options.quick ? ' (quick)' : ''}: results and process logs in ${resultsDir}`);
    log(`node ${environment.node}, ${environment.cpus} CPUs; steps ${options.steps.join(', ')}`);
    if (options.steps.includes('match')) figures.match = await steps.runMatch(context);
    if (options.steps.includes('persisted') || options.steps.includes('one-by-one')) figures.baseline = await steps.runBaseline(context);
    if (options.steps.includes('persisted')) figures.persisted = await steps.runPersisted({ ...context, baseline: figures.baseline });
    if (options.steps.includes('one-by-one')) figures.oneByOne = await steps.runOneByOne({ ...context, baseline: figures.baseline });
  } finally {
    cleanUp();
  }
  const goals = evaluate(figures, options);
  console.log(formatScaleReport({ figures, goals, options }));
  const file = path.join(resultsDir, 'summary.json');
  const document = { scenario: 'scale', startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), environment, options, goals, ...figures };
  fs.writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  log(`summary: ${file}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
