// The WebSocket scenario's client processes (throughput-worker.mjs, idle-worker.mjs), forked with
// an IPC channel; every wait on them is bounded, and each is killed by its own pid when the bench
// stops (the abort signal) or a wait runs out.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const STARTUP_GRACE_S = 30;

/** The next IPC message of `type` from child, or an error when it exits or `timeoutMs` passes. */
function nextMessage({ child, name, stderr }, type, timeoutMs) {
  return new Promise((resolve, reject) => {
    const done = (fn, value) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      fn(value);
    };
    const onMessage = (message) => message?.type === type && done(resolve, message);
    const onExit = (code, signal) => done(reject, new Error(`${name} exited (${code ?? signal}) before '${type}': ${stderr().trim().slice(-500)}`));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done(reject, new Error(`no '${type}' from ${name} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function start(worker, spec, signal) {
  const child = fork(path.join(HERE, worker), [JSON.stringify(spec)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], signal });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.on('error', () => undefined); // an abort: the waits below report the exit
  return { child, name: worker, stderr: () => stderr };
}

/**
 * One throughput run; `onMeasuring` runs when the measured period starts (read CPU time there).
 * Resolves {messages, seconds, p50Ms, p99Ms, errors}.
 */
export async function runThroughput(spec, { signal, onMeasuring }) {
  const worker = start('throughput-worker.mjs', spec, signal);
  const { child } = worker;
  try {
    await nextMessage(worker, 'measuring', (STARTUP_GRACE_S + spec.warmup) * 1000);
    onMeasuring();
    const { type: _, ...result } = await nextMessage(worker, 'result', (spec.seconds + STARTUP_GRACE_S) * 1000);
    return result;
  } finally {
    child.kill('SIGKILL');
  }
}

/** Opens the idle connections; resolves {opened, failed, firstError, seconds, close()}. */
export async function openIdleConnections(spec, { signal } = {}) {
  const worker = start('idle-worker.mjs', spec, signal);
  const { child } = worker;
  try {
    const opened = await nextMessage(worker, 'opened', (STARTUP_GRACE_S + spec.count / 10) * 1000);
    const close = async () => {
      try {
        const closed = nextMessage(worker, 'closed', STARTUP_GRACE_S * 1000);
        child.send({ type: 'close' });
        return await closed;
      } finally {
        child.kill('SIGKILL');
      }
    };
    return { ...opened, close };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
