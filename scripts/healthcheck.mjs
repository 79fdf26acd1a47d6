// The container's HEALTHCHECK (Dockerfile): exit 0 when the data plane's GET /ready answers 200,
// else 1 with one line saying why. /ready turns 503 as soon as a shutdown begins, so an
// orchestrator stops routing before the listeners close. Plain Node, no dependencies.
//   node scripts/healthcheck.mjs [URL]   default http://127.0.0.1:<PORTICO_DATA_PLANE__HTTP_PORT or 9090>/ready
const url = process.argv[2] ?? `http://127.0.0.1:${process.env.PORTICO_DATA_PLANE__HTTP_PORT ?? 9090}/ready`;

try {
  const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
  if (response.status === 200) process.exit(0);
  console.error(`${url} answered ${response.status}`);
} catch (error) {
  console.error(`${url}: ${error instanceof Error ? (error.cause?.code ?? error.message) : error}`);
}
process.exit(1);
