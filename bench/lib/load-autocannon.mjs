// Load with autocannon (the devDependency) when wrk is not installed. Its latency histogram has
// 1 ms resolution, so p50/p99 below a few ms are coarse; prefer wrk.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'autocannon-worker.mjs');

export function runAutocannon(spec) {
  return new Promise((resolve, reject) => {
    const { signal, ...job } = spec;
    const child = spawn(process.execPath, [WORKER, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'], signal });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const guard = setTimeout(() => child.kill('SIGKILL'), (spec.seconds + 30) * 1000);
    child.once('error', (error) => {
      clearTimeout(guard);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(guard);
      const line = stdout.trim().split('\n').pop();
      if (code !== 0 || !line?.startsWith('{')) return reject(new Error(`autocannon exited with ${code}: ${stderr.trim()}`));
      resolve(JSON.parse(line));
    });
  });
}
