// Streams a 100 MB upload and a 100 MB download through the proxy and records its RSS before and
// at the peak of each transfer: a proxy that streams with backpressure stays far below 100 MB.
import http from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MB, RssSampler, rssBytes } from './proc-stats.mjs';

const SAMPLE_MS = 50;
const TIMEOUT_MS = 120_000;
const CHUNK = Buffer.alloc(64 * 1024, 'u');

function* generated(total) {
  for (let left = total; left > 0; left -= CHUNK.length) yield left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
}

/** Sends the request (body: a generated stream or none) and counts the response bytes. */
function exchange({ port, method, path, uploadBytes }) {
  return new Promise((resolve, reject) => {
    const headers = uploadBytes === undefined ? {} : { 'content-type': 'application/octet-stream', 'content-length': String(uploadBytes) };
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false, signal: AbortSignal.timeout(TIMEOUT_MS) });
    req.once('error', reject);
    req.once('response', (res) => {
      let received = 0;
      res.on('data', (chunk) => (received += chunk.length));
      res.once('end', () => resolve({ status: res.statusCode, received }));
      res.once('error', reject);
    });
    if (uploadBytes === undefined) req.end();
    else pipeline(Readable.from(generated(uploadBytes)), req).catch(reject);
  });
}

async function transfer(pid, request, expectedBytes) {
  const rssBefore = rssBytes([pid]);
  const sampler = new RssSampler([pid], SAMPLE_MS);
  const started = process.hrtime.bigint();
  let outcome;
  try {
    outcome = await exchange(request);
  } catch (error) {
    outcome = { status: 0, received: 0, error: error.message };
  } finally {
    sampler.stop();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    ok: outcome.status === 200 && outcome.received === expectedBytes,
    status: outcome.status,
    bytes: outcome.received,
    error: outcome.error,
    seconds,
    mbPerSecond: outcome.received / MB / seconds,
    rssBeforeMb: rssBefore / MB,
    rssPeakMb: sampler.peak / MB,
    samples: sampler.samples,
  };
}

/** Upload (POST <base>/echo, echoed back) then download (GET <base>/large?bytes=N) through the proxy. */
export async function memoryCheck({ port, pid, basePath, bytes }) {
  const upload = await transfer(pid, { port, method: 'POST', path: `${basePath}/echo`, uploadBytes: bytes }, bytes);
  const download = await transfer(pid, { port, method: 'GET', path: `${basePath}/large?bytes=${bytes}` }, bytes);
  return { bytes, upload, download };
}
