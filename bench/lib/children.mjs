// Child processes of the benchmark: started with their output in a log file, stopped by their
// own pid only (SIGTERM, then SIGKILL after a grace period).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class Children {
  #running = new Set();

  constructor(logDir) {
    this.logDir = logDir;
  }

  /**
   * Starts `command args` (env: the whole environment, default this process's); the returned
   * child has `exited` (a promise) and `logFile`.
   */
  start(name, command, args, { cwd, env = process.env } = {}) {
    const logFile = path.join(this.logDir, `${name}.log`);
    const out = fs.openSync(logFile, 'a');
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    child.logFile = logFile;
    child.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.#running.delete(child);
        resolve({ code, signal });
      });
      child.once('error', (error) => {
        this.#running.delete(child);
        resolve({ code: null, signal: null, error });
      });
    });
    this.#running.add(child);
    return child;
  }

  async stop(child, graceMs = 8000) {
    if (!child || !this.#running.has(child)) return;
    try {
      process.kill(child.pid, 'SIGTERM');
    } catch {
      return;
    }
    // The grace timer is cleared once the child exits: a pending one would hold the bench open.
    let timer;
    const grace = new Promise((resolve) => (timer = setTimeout(resolve, graceMs, 'timeout')));
    const outcome = await Promise.race([child.exited, grace]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await child.exited;
    }
  }

  async stopAll() {
    await Promise.all([...this.#running].map((child) => this.stop(child)));
  }
}

export function isAlive(child) {
  return child.exitCode === null && child.signalCode === null;
}

/** A port that was free a moment ago on 127.0.0.1 (the kernel's choice, released at once). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once 127.0.0.1:port accepts connections; fails after timeoutMs or when the child exits. */
export async function waitForPort(port, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(child)) throw new Error(`process exited before opening port ${port} (see ${child.logFile})`);
    if (await accepts(port)) return;
    await sleep(100);
  }
  throw new Error(`port ${port} not open after ${timeoutMs} ms (see ${child.logFile})`);
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
