// The SOAP scenario's upstream (started by bench/soap.mjs as a child process): OrderService.wsdl
// (libs/connectors/soap/test-data) served by the `soap` package, SOAP 1.1 port at /orders.
//   POST /orders       PlaceOrder / GetOrder, answered as the REST-to-SOAP tests' fake service does
//   GET  /captured     200, {headers, body} of the last request that carried `x-bench-capture`
//                      (the envelope Portico's REST-to-SOAP facade sends: the direct call replays it)
// Env: PORT (required), HOST (default 127.0.0.1).
import fs from 'node:fs';
import http from 'node:http';
import soap from 'soap';

const PORT = Number(process.env.PORT);
const HOST = process.env.HOST || '127.0.0.1';
if (!Number.isInteger(PORT) || PORT <= 0) throw new Error('PORT: expected a port number');
const SOAP_PATH = '/orders';
const WSDL = fs.readFileSync(new URL('../libs/connectors/soap/test-data/OrderService.wsdl', import.meta.url), 'utf8');

function placeOrder(args) {
  const lines = Array.isArray(args.lines) ? args.lines : [args.lines];
  const total = lines.reduce((sum, l) => sum + Number(l.quantity) * Number(l.unitPrice), 0);
  return {
    orderId: '9007199254740993', // 2^53 + 1: the facade must keep every digit
    total: total.toFixed(2),
    accepted: true,
    lineCount: lines.length,
    skus: lines.length === 1 ? lines[0].sku : lines.map((l) => l.sku),
    estimatedDelivery: '2026-12-24T10:00:00Z',
    trackingCode: { attributes: { 'xsi:nil': 'true' } },
    shipTo: { street: 'Main St 1', city: 'Springfield' },
  };
}

const getOrder = (args) => ({ orderId: args.orderId, status: 'shipped', lines: [{ sku: 'A-1', quantity: 2, unitPrice: '1.50' }] });
const port = { PlaceOrder: placeOrder, GetOrder: getOrder };
const services = { OrderService: { OrderSoap11: port, OrderSoap12: port } };

let captured = null;
// soap.listen takes the server's request listeners over and calls them for paths it does not serve.
const server = http.createServer((req, res) => {
  req.resume();
  if (req.method === 'GET' && req.url === '/captured') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(captured));
  else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
});
// Proxies keep upstream connections for 60 s: never close them first.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

await new Promise((resolve, reject) => {
  const callback = (error) => (error ? reject(error) : resolve());
  // Content-Length rather than chunked answers, as most SOAP stacks send.
  soap.listen(server, { path: SOAP_PATH, services, xml: WSDL, suppressStack: true, enableChunkedEncoding: false, callback });
});
// Beside soap's own listener: only requests that ask for it are read a second time.
server.on('request', (req) => {
  if (req.headers['x-bench-capture'] === undefined) return;
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const { 'content-type': contentType, soapaction } = req.headers;
    captured = { url: req.url, headers: { 'content-type': contentType, soapaction }, body: Buffer.concat(chunks).toString('utf8') };
  });
});
server.listen(PORT, HOST, () => console.log(`soap backend on http://${HOST}:${PORT}${SOAP_PATH}`));

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
