// The parent's side of bench/lib/scale/gateway-worker.mjs: starts one gateway process on ports
// picked free, times it until its data plane's `/ready` answers 200, deploys through the admin API
// and sends measurement commands over IPC. Stopped by its own pid only.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../children.mjs';
import { ADMIN_DEPLOY, ADMIN_LIST } from './portico-glue.mjs';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'gateway-worker.mjs');
const ADMIN_AUTH = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
const READY_POLL_MS = 20;
const running = new Set();

/** gateway.yaml of a bench gateway: HTTP only, admin over HTTP on loopback (admin:admin), logging warn. */
export function writeGatewayConfig(dir, { httpPort, adminPort }) {
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'apis'), { recursive: true });
  const file = path.join(dir, 'gateway.yaml');
  fs.writeFileSync(
    file,
    `dataDir: ${path.join(dir, 'data')}
apisDir: ${path.join(dir, 'apis')}
dataPlane:
  host: 127.0.0.1
  httpPort: ${httpPort}
  httpsEnabled: false
admin:
  enabled: true
  host: 127.0.0.1
  port: ${adminPort}
  protocols: http
logging:
  level: warn
`,
  );
  return file;
}

export class GatewayProcess {
  #child;
  #pending = new Map();
  #nextId = 1;

  /** Writes the config in `dir` (which may already hold a persisted state), starts, waits for `/ready`. */
  static async start({ name, dir, logDir, readyTimeoutMs = 30 * 60_000, heapMb = 8192 }) {
    const ports = { httpPort: await freePort(), adminPort: await freePort() };
    const config = writeGatewayConfig(dir, ports);
    const gw = new GatewayProcess(name, ports, path.join(logDir, `${name}.log`));
    await gw.#spawn(config, heapMb, readyTimeoutMs);
    return gw;
  }

  constructor(name, ports, logFile) {
    this.name = name;
    this.ports = ports;
    this.logFile = logFile;
    this.dataUrl = `http://127.0.0.1:${ports.httpPort}`;
    this.adminUrl = `http://127.0.0.1:${ports.adminPort}`;
  }

  async #spawn(config, heapMb, readyTimeoutMs) {
    const out = fs.openSync(this.logFile, 'a');
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PORTICO_')));
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, ['--expose-gc', `--max-old-space-size=${heapMb}`, WORKER, JSON.stringify({ config })], {
      env: { ...env, NODE_ENV: 'production', NO_COLOR: '1' },
      stdio: ['ignore', out, out, 'ipc'],
    });
    fs.closeSync(out);
    this.#child = child;
    running.add(child);
    let started;
    const startedMessage = new Promise((resolve) => {
      child.on('message', (msg) => {
        if (msg.type === 'started') return resolve(msg);
        const waiter = this.#pending.get(msg.id);
        if (!waiter) return;
        this.#pending.delete(msg.id);
        if (msg.ok) waiter.resolve(msg.result);
        else waiter.reject(new Error(`${this.name}: ${msg.error}`));
      });
    }).then((msg) => (started = msg));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        running.delete(child);
        for (const waiter of this.#pending.values()) waiter.reject(new Error(`${this.name} exited (${code ?? signal}); see ${this.logFile}`));
        this.#pending.clear();
        resolve({ code, signal });
      }),
    );
    // Boot time as an operator sees it: process start until the data plane's /ready answers 200.
    const deadline = spawnedAt + readyTimeoutMs;
    while (!(await this.#ready())) {
      if (!this.alive) throw new Error(`${this.name} exited before it was ready; see ${this.logFile}`);
      if (performance.now() > deadline) throw new Error(`${this.name} not ready after ${readyTimeoutMs} ms; see ${this.logFile}`);
      await sleep(READY_POLL_MS);
    }
    this.readyMs = performance.now() - spawnedAt;
    await Promise.race([startedMessage, this.exited]);
    if (!started) throw new Error(`${this.name} exited; see ${this.logFile}`);
    this.boot = started;
  }

  get alive() {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  get pid() {
    return this.#child.pid;
  }

  async #ready() {
    try {
      const res = await fetch(`${this.dataUrl}/ready`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      return res.status === 200;
    } catch {
      return false;
    }
  }

  command(cmd, timeoutMs = 120_000) {
    if (!this.alive) return Promise.reject(new Error(`${this.name} is not running; see ${this.logFile}`));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${this.name}: no answer to ${cmd} in ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (fn) => (value) => {
        clearTimeout(timer);
        fn(value);
      };
      this.#pending.set(id, { resolve: done(resolve), reject: done(reject) });
      this.#child.send({ id, cmd });
    });
  }

  /** POST one OpenAPI YAML document to the admin API; `ms` is the time until the whole answer arrived. */
  async deploy(text) {
    const start = performance.now();
    const res = await fetch(`${this.adminUrl}${ADMIN_DEPLOY.path}`, {
      method: ADMIN_DEPLOY.method,
      headers: { authorization: ADMIN_AUTH, 'content-type': ADMIN_DEPLOY.contentType },
      body: text,
      signal: AbortSignal.timeout(10 * 60_000),
    });
    const body = await res.text();
    const ms = performance.now() - start;
    if (res.status !== 201) throw new Error(`${this.name}: deploy answered ${res.status}: ${body.slice(0, 500)}`);
    return ms;
  }

  /** How many APIs the admin API lists. */
  async countApis() {
    const res = await fetch(`${this.adminUrl}${ADMIN_LIST}`, { headers: { authorization: ADMIN_AUTH }, signal: AbortSignal.timeout(120_000) });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`${this.name}: ${ADMIN_LIST} answered ${res.status}`);
    return body.total ?? body.list?.length;
  }

  /** A data-plane GET; returns status and parsed JSON body (or text). */
  async get(requestPath) {
    const res = await fetch(`${this.dataUrl}${requestPath}`, { signal: AbortSignal.timeout(60_000) });
    const text = await res.text();
    let body = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body };
  }

  /** An unauthenticated admin GET (warms the admin connection up without touching deployments). */
  async warmUpAdmin() {
    const res = await fetch(`${this.adminUrl}/portico/v1/openapi.json`, { signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
  }

  async stop(graceMs = 8000) {
    if (!this.alive) return;
    this.command('stop', graceMs).catch(() => undefined);
    if ((await Promise.race([this.exited, sleep(graceMs).then(() => 'timeout')])) === 'timeout') {
      try {
        process.kill(this.#child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await this.exited;
    }
  }
}

/** Kills every gateway process still running (Ctrl-C, errors), each by its own pid. */
export function killAllGateways() {
  for (const child of running) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
