import { startBackend, type TestBackend } from './test-backend.js';

/**
 * A backend that reads paths the way nginx and most web frameworks do: `%2F` and `%5C` decoded,
 * backslashes read as slashes, dot segments resolved. It answers which path it served, so a test
 * sees what such a backend would serve for what the gateway forwarded.
 */
export function startPathResolvingBackend(): Promise<TestBackend> {
  return startBackend((req, res) => {
    const raw = (req.url ?? '/').split('?')[0];
    const unescaped = raw.replace(/%2f/gi, '/').replace(/%5c/gi, '/').replace(/\\/g, '/');
    const served = new URL(unescaped, 'http://backend').pathname;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ received: req.url, served }));
  });
}
