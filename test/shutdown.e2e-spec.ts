import { rmSync } from 'node:fs';
import { openApiDocument, startBackend, startTestGateway } from '#testing';

/** Shutdown (ARCHITECTURE §5): stop accepting, let in-flight requests finish, then dispose. */
describe('graceful shutdown', () => {
  it('finishes a request in flight, then refuses new connections', async () => {
    const backend = await startBackend((_req, res) => setTimeout(() => res.end('finished'), 500));
    const gw = await startTestGateway();
    try {
      const doc = openApiDocument({ title: 'Slow', basePath: '/slow', production: [backend.url] });
      expect((await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: doc })).status).toBe(201);
      const inFlight = gw.request('/slow/x');
      await new Promise((r) => setTimeout(r, 100));
      const closing = gw.close();
      const res = await inFlight;
      expect([res.status, res.text]).toEqual([200, 'finished']);
      await closing;
      await expect(gw.request('/slow/x')).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await backend.close();
      rmSync(gw.dir, { recursive: true, force: true });
    }
  });
});
