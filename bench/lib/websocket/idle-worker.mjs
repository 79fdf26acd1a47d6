// The idle part's client, in its own process (forked by load-processes.mjs): opens `count`
// connections to `url`, `batch` at a time, and holds them without sending anything until the
// parent says {type: 'close'}; then closes them all (close handshake) and exits.
// argv[2]: JSON {url, count, batch}
// IPC to the parent: {type: 'opened', opened, failed, seconds}, then {type: 'closed', seconds}.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

const spec = JSON.parse(process.argv[2]);
const CONNECT_TIMEOUT_MS = 10_000;
const CLOSE_WAIT_MS = 10_000;
const sockets = [];
let failed = 0;
let firstError;

function open() {
  const socket = new WebSocket(spec.url, { perMessageDeflate: false, handshakeTimeout: CONNECT_TIMEOUT_MS });
  return new Promise((resolve) => {
    socket.once('open', () => {
      sockets.push(socket);
      resolve();
    });
    socket.once('error', (error) => {
      failed++;
      firstError ??= error.message;
      resolve();
    });
  });
}

const started = performance.now();
for (let opened = 0; opened < spec.count; opened += spec.batch) {
  await Promise.all(Array.from({ length: Math.min(spec.batch, spec.count - opened) }, open));
}
// A connection closed while held (idle timeout, gateway refusal) is not held: counted apart.
let droppedWhileHeld = 0;
for (const socket of sockets) socket.once('close', () => droppedWhileHeld++);
process.send({ type: 'opened', opened: sockets.length, failed, firstError, seconds: (performance.now() - started) / 1000 });

process.on('message', async (message) => {
  if (message?.type !== 'close') return;
  const dropped = droppedWhileHeld;
  const closing = performance.now();
  const allClosed = Promise.all(sockets.map((s) => (s.readyState === WebSocket.CLOSED ? undefined : new Promise((resolve) => s.once('close', resolve)))));
  for (const socket of sockets) socket.close(1000, 'bench done');
  const timedOut = await Promise.race([allClosed.then(() => false), new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS, true))]);
  for (const socket of sockets) socket.terminate();
  process.send({ type: 'closed', droppedWhileHeld: dropped, timedOut, seconds: (performance.now() - closing) / 1000 });
  process.disconnect();
});
