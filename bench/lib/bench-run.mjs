// What every scenario sets up first: a results directory named after the start time, a temp
// directory, the child processes, and a clean-up that runs at the end and on Ctrl-C / SIGTERM.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Children } from './children.mjs';

const RESULTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'results');

/**
 * `tempPrefix` names the temp directory; `tempMode` widens it (nginx workers may run as another
 * user); `stopAlso` stops what is not a child of `children` (scale's gateway processes).
 */
export function startBenchRun({ tempPrefix, tempMode, stopAlso = () => {}, log }) {
  const startedAt = new Date();
  const resultsDir = path.join(RESULTS, startedAt.toISOString().replace(/[:]/g, '-').replace(/\.\d+Z$/, 'Z'));
  fs.mkdirSync(resultsDir, { recursive: true });
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), tempPrefix));
  if (tempMode !== undefined) fs.chmodSync(tempDir, tempMode);
  const children = new Children(resultsDir);
  const stopping = new AbortController(); // ends a running load process on Ctrl-C / SIGTERM
  const cleanUp = async () => {
    stopping.abort();
    await children.stopAll();
    stopAlso();
    fs.rmSync(tempDir, { recursive: true, force: true });
  };
  const stopOnSignal = (signal) => {
    log(`${signal}: stopping`);
    cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  return { startedAt, resultsDir, tempDir, children, stopping, cleanUp };
}
