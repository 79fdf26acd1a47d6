// Load with wrk (one thread: on small machines the rest of the cores belong to the targets).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findExecutable } from './executables.mjs';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'wrk-report.lua');

export function findWrk() {
  return process.env.WRK_BIN || findExecutable('wrk');
}

/** Runs wrk for `seconds`; resolves with the normalized result (see load.mjs). */
/** credentials (auth modes): { header, file }, the header set per request from the file's lines. */
export function runWrk(binary, { url, method, bodyFile, credentials, connections, seconds, signal }) {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '5s', '-s', SCRIPT, url];
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      env: {
        ...process.env,
        BENCH_METHOD: method,
        BENCH_BODY_FILE: bodyFile,
        BENCH_HEADER_NAME: credentials?.header ?? '',
        BENCH_TOKENS_FILE: credentials?.file ?? '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      signal,
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    // wrk stops by itself after -d; this only guards against a hung process.
    const guard = setTimeout(() => child.kill('SIGKILL'), (seconds + 30) * 1000);
    child.once('error', (error) => {
      clearTimeout(guard);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(guard);
      const line = /BENCH_RESULT (\{.*\})/.exec(output);
      if (code !== 0 || !line) return reject(new Error(`wrk exited with ${code}: ${output.trim()}`));
      const r = JSON.parse(line[1]);
      resolve({
        requests: r.requests,
        seconds: r.durationUs / 1e6,
        p50Ms: r.p50Us / 1000,
        p99Ms: r.p99Us / 1000,
        errors: r.socketErrors + r.timeouts,
        non2xx: r.statusErrors,
      });
    });
  });
}
