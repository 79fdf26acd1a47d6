import type { AddressInfo } from 'node:net';
import { createSampleServer } from './sample-server.js';

/**
 * `npm run sample-backends`: the demo REST backends (pet store, echo) on HOST:PORT
 * (default 0.0.0.0:8080), for the docs and docker-compose.
 */
function main(): void {
  const port = Number(process.env.PORT ?? '8080');
  const host = process.env.HOST ?? '0.0.0.0';
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be an integer between 0 and 65535 (got ${JSON.stringify(process.env.PORT)})`);
    process.exit(78);
  }
  const server = createSampleServer();
  server.once('error', (error) => {
    console.error(`sample backends could not listen on ${host}:${port}: ${error.message}`);
    process.exit(1);
  });
  server.listen(port, host, () => {
    const bound = (server.address() as AddressInfo).port;
    console.log(`sample backends on http://${host}:${bound}: GET /pet/{id}, GET /pet/findByStatus?status=, POST /pet, ANY /echo/*`);
  });
  // PID 1 in a container gets no default signal handling: stop explicitly.
  const stop = (): void => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
