// The benchmark's upstream (started by run.mjs as a child process; node:http, keep-alive).
//   GET  /items          200, a fixed 1024-byte JSON body with content-length
//   GET  /secure/items   the same (Portico's OAuth2-secured resource forwards here)
//   GET  /key/items      the same (Portico's API-key-secured resource forwards here)
//   GET  /lb/items       the same (Portico's and nginx's load-balanced resource, mode get-lb)
//   GET  /served         200, {"requests": N}: requests this process received, this one excepted
//   POST /echo           200, the request body echoed (buffered up to 64 KiB, streamed beyond)
//   GET  /large?bytes=N  200, N bytes streamed with backpressure (N up to 1 GiB)
// Env: PORT (required), HOST (default 127.0.0.1).
import http from 'node:http';
import { ITEMS_BODY } from './lib/payloads.mjs';

const PORT = Number(process.env.PORT);
const HOST = process.env.HOST || '127.0.0.1';
const BUFFER_LIMIT = 64 * 1024;
const MAX_LARGE = 1024 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');
const ITEMS_HEADERS = { 'content-type': 'application/json', 'content-length': String(ITEMS_BODY.length) };
const ITEMS_PATHS = new Set(['/items', '/secure/items', '/key/items', '/lb/items']);
// Lets the bench prove that a load-balanced run reached both backends (lib/lb-mode.mjs).
const SERVED_PATH = '/served';
let served = 0;

function echo(req, res) {
  const length = Number(req.headers['content-length'] ?? NaN);
  const headers = { 'content-type': req.headers['content-type'] ?? 'application/octet-stream' };
  if (Number.isInteger(length) && length <= BUFFER_LIMIT) {
    // Small bodies: one write with content-length, as a typical JSON API answers.
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      res.writeHead(200, { ...headers, 'content-length': String(body.length) });
      res.end(body);
    });
    return;
  }
  if (Number.isInteger(length)) headers['content-length'] = String(length);
  res.writeHead(200, headers);
  req.pipe(res);
}

function large(res, url) {
  const total = Number(new URL(url, 'http://backend').searchParams.get('bytes'));
  if (!Number.isInteger(total) || total < 0 || total > MAX_LARGE) {
    res.writeHead(400, { 'content-type': 'text/plain' });
    res.end(`bytes must be an integer from 0 to ${MAX_LARGE}\n`);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(total) });
  let left = total;
  const pump = () => {
    while (left > 0) {
      const piece = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
      left -= piece.length;
      if (!res.write(piece)) return void res.once('drain', pump);
    }
    res.end();
  };
  res.once('close', () => {
    left = 0;
  });
  pump();
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?', 1)[0];
  if (path !== SERVED_PATH) served++;
  if (req.method === 'GET' && ITEMS_PATHS.has(path)) res.writeHead(200, ITEMS_HEADERS).end(ITEMS_BODY);
  else if (req.method === 'POST' && path === '/echo') echo(req, res);
  else if (req.method === 'GET' && path === '/large') large(res, req.url);
  else if (req.method === 'GET' && path === SERVED_PATH) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ requests: served }));
  else {
    req.resume();
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  }
});
// Proxies keep upstream connections for 60 s: never close them first.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(PORT, HOST, () => console.log(`bench backend on http://${HOST}:${PORT}`));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
