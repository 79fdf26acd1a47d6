// The throughput load, in its own process (forked by load-processes.mjs) so the load generator
// never shares an event loop with what it measures. Each connection keeps `window` text messages
// of `messageBytes` in flight: every echo received sends the next one. Echoes arrive in order on a
// connection, so a FIFO of send times gives each message's round trip.
// argv[2]: JSON {url, connections, window, messageBytes, warmup, seconds}
// IPC to the parent: {type: 'measuring'} when the measured period starts, {type: 'result', ...}
// when it ends (the parent reads the gateway's CPU time at both).
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { LatencyHistogram } from './latency-histogram.mjs';

const spec = JSON.parse(process.argv[2]);
const CONNECT_TIMEOUT_MS = 10_000;
const payload = 'm'.repeat(spec.messageBytes);
const histogram = new LatencyHistogram();
let measuring = false;
let sending = true;
let echoed = 0;
let errors = 0;
const mismatched = { count: 0 };

function open(url) {
  const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: CONNECT_TIMEOUT_MS });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`handshake answered ${res.statusCode}`)));
  });
}

function drive(socket) {
  const sentAt = [];
  const send = () => {
    sentAt.push(performance.now());
    socket.send(payload);
  };
  socket.on('message', (data) => {
    const rtt = performance.now() - sentAt.shift();
    if (data.length !== payload.length) mismatched.count++;
    if (measuring) {
      echoed++;
      histogram.record(rtt);
    }
    if (sending) send();
  });
  socket.on('error', () => errors++);
  socket.on('close', () => {
    if (sending) errors++;
  });
  for (let i = 0; i < spec.window; i++) send();
}

const sockets = await Promise.all(Array.from({ length: spec.connections }, () => open(spec.url)));
sockets.forEach(drive);
await new Promise((resolve) => setTimeout(resolve, spec.warmup * 1000));
measuring = true;
const started = performance.now();
process.send({ type: 'measuring' });
await new Promise((resolve) => setTimeout(resolve, spec.seconds * 1000));
measuring = false;
sending = false;
const seconds = (performance.now() - started) / 1000;
process.send({
  type: 'result',
  messages: echoed,
  seconds,
  p50Ms: histogram.quantileMs(0.5),
  p99Ms: histogram.quantileMs(0.99),
  errors: errors + mismatched.count,
});
for (const socket of sockets) socket.terminate();
process.disconnect();
