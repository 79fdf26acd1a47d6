import { connect, createServer, type Server, type Socket } from 'node:net';
import { basicAuth, call, openApiDocument, startTestGateway, type TestGateway } from '#testing';

const TOKEN_PATH = '/api/mgw/adapter/0.1/oauth2/token';

/**
 * A plain TCP relay to the admin port, standing for any way a deployed endpoint can lead back to
 * the admin listener (a sidecar, a port forward, a name that resolves to this machine): the
 * deploy-time refusal of endpoints that name the admin port cannot see through it.
 */
async function startRelay(targetPort: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Issue 14 item 3: an open API whose endpoint leads to the admin port gave every data-plane
 * client the admin API with the built-in admin/admin, because the admin connection's TCP peer is
 * then the gateway itself, on 127.0.0.1.
 */
describe('the built-in admin login through the gateway data plane', () => {
  let gw: TestGateway;
  let relay: Awaited<ReturnType<typeof startRelay>>;

  beforeAll(async () => {
    gw = await startTestGateway();
    relay = await startRelay(gw.running.ports.admin!);
    const doc = openApiDocument({ title: 'AdminLeak', version: 'v1', basePath: '/leak/v1', production: [`http://127.0.0.1:${relay.port}`] });
    const deployed = await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: doc });
    expect(deployed.status).toBe(201);
  });

  afterAll(async () => {
    await gw?.destroy();
    await relay?.close();
  });

  it('is refused to a data-plane client with HTTP Basic', async () => {
    const res = await gw.request('/leak/v1/portico/v1/apis', { headers: { authorization: basicAuth('admin', 'admin') } });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ code: 'admin.built-in-login-refused' });
  });

  it('is refused to a data-plane client at the token endpoint', async () => {
    const res = await gw.request(`/leak/v1${TOKEN_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin' }),
    });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ code: 'admin.built-in-login-refused' });
  });

  it('is still accepted from a loopback client connecting to the admin port directly', async () => {
    expect((await gw.admin('/portico/v1/apis')).status).toBe(200);
    const token = await call({
      port: gw.running.ports.admin!,
      path: TOKEN_PATH,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin' }),
    });
    expect(token.status).toBe(200);
  });
});
