// The gateway under test for figures 2-5 of the scale scenario: Portico started in this process
// (so that the event loop's delay is measured where requests are served), driven from the parent
// over HTTP and answering measurement commands over the IPC channel:
//   delay-reset / delay-read   perf_hooks.monitorEventLoopDelay (1 ms resolution) since the reset
//   memory                     process.memoryUsage() after forced garbage collections (--expose-gc)
//   stop                       closes the gateway and exits
// argv[2]: JSON { config }
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { settingsFrom, startGatewayInProcess } from './portico-glue.mjs';

const { config } = JSON.parse(process.argv[2]);
process.on('disconnect', () => process.exit(0)); // the parent went away: never outlive it
const MB = 2 ** 20;
const delay = monitorEventLoopDelay({ resolution: 1 });

function delayFigures() {
  const ms = (ns) => (Number.isFinite(ns) ? ns / 1e6 : null);
  return { maxMs: ms(delay.max), p99Ms: ms(delay.percentile(99)), meanMs: ms(delay.mean), samples: delay.count };
}

async function memory() {
  if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await sleep(50);
  }
  const m = process.memoryUsage();
  return { heapUsedMb: m.heapUsed / MB, rssMb: m.rss / MB, externalMb: m.external / MB, arrayBuffersMb: m.arrayBuffers / MB };
}

async function main() {
  const loadedAtMs = performance.now(); // since this process started
  const settings = settingsFrom(config);
  delay.enable();
  const started = performance.now();
  const gateway = await startGatewayInProcess(settings);
  const startGatewayMs = performance.now() - started;
  const bootDelay = delayFigures();

  const commands = {
    'delay-reset': async () => {
      delay.reset();
      return {};
    },
    'delay-read': async () => delayFigures(),
    memory,
    stop: async () => {
      delay.disable();
      await Promise.race([gateway.close(), sleep(5000)]);
      setImmediate(() => process.exit(0));
      return {};
    },
  };
  process.on('message', async ({ id, cmd }) => {
    try {
      const command = commands[cmd];
      if (!command) throw new Error(`unknown command ${cmd}`);
      process.send({ id, ok: true, result: await command() });
    } catch (error) {
      process.send({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  });
  process.send({
    type: 'started',
    ports: gateway.ports,
    loadedAtMs,
    startGatewayMs,
    readyAtMs: performance.now(),
    bootMaxBlockMs: bootDelay.maxMs,
  });
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
