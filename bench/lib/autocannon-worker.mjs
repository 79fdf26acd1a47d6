// Runs one autocannon load in its own process (so the load generator never shares an event
// loop with anything measured) and prints the result as one JSON line on stdout.
// argv[2]: JSON {url, method, bodyFile, headers?, credentials?: {header, file}, connections, seconds}
// headers (optional): sent on every request, over the default content-type of a POST (JSON).
import fs from 'node:fs';
import autocannon from 'autocannon';

const spec = JSON.parse(process.argv[2]);

/** Auth modes: the credential header set on every request, its values taken in turn from the file's lines. */
function credentialRequests(credentials) {
  const values = fs.readFileSync(credentials.file, 'utf8').split('\n').filter(Boolean);
  if (values.length === 0) throw new Error(`no credentials in ${credentials.file}`);
  let next = 0;
  return [
    {
      setupRequest: (request) => {
        request.headers[credentials.header] = values[next];
        next = (next + 1) % values.length;
        return request;
      },
    },
  ];
}

const result = await autocannon({
  url: spec.url,
  method: spec.method,
  connections: spec.connections,
  duration: spec.seconds,
  timeout: 5,
  body: spec.method === 'POST' ? fs.readFileSync(spec.bodyFile) : undefined,
  headers: { ...(spec.method === 'POST' ? { 'content-type': 'application/json' } : {}), ...spec.headers },
  ...(spec.credentials ? { requests: credentialRequests(spec.credentials) } : {}),
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
