import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { echo, ECHO_PREFIX } from './echo-service.js';
import { BodyTooLargeError, sendError, sendJson } from './http-exchange.js';
import { PetStore } from './pet-store.js';
import { servePetStore } from './pet-store-routes.js';

/** One HTTP server with every demo REST backend: the pet store and the echo service. */
export function createSampleServer(): Server {
  const store = new PetStore();
  const server = createServer((req, res) => {
    route(store, req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else if (error instanceof BodyTooLargeError) sendError(res, 413, 'payload_too_large', error.message);
      else sendError(res, 500, 'internal_error', 'The sample backend failed to answer');
    });
  });
  // Gateways keep upstream connections open for a minute: do not close them first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

async function route(store: PetStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sample-backends');
  const path = url.pathname;
  if (path === ECHO_PREFIX || path.startsWith(`${ECHO_PREFIX}/`)) return echo(req, res, url);
  if (path === '/health') return sendJson(res, 200, { status: 'UP' });
  if (await servePetStore(store, req, res, url)) return;
  req.resume();
  sendError(res, 404, 'not_found', `No sample backend at ${path}`);
}
