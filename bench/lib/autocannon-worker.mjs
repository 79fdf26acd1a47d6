// Runs one autocannon load in its own process (so the load generator never shares an event
// loop with anything measured) and prints the result as one JSON line on stdout.
// argv[2]: JSON {url, method, bodyFile, connections, seconds}
import fs from 'node:fs';
import autocannon from 'autocannon';

const spec = JSON.parse(process.argv[2]);
const result = await autocannon({
  url: spec.url,
  method: spec.method,
  connections: spec.connections,
  duration: spec.seconds,
  timeout: 5,
  body: spec.method === 'POST' ? fs.readFileSync(spec.bodyFile) : undefined,
  headers: spec.method === 'POST' ? { 'content-type': 'application/json' } : {},
});
console.log(
  JSON.stringify({
    requests: result.requests.total,
    seconds: result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }),
);
