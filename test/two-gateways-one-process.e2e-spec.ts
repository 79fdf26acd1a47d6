import { startTestGateway, type TestGateway } from '#testing';

/**
 * Two gateways in one process (a test suite, an embedding application) keep their own admin
 * token keys: passport strategies are per instance, never registered globally, so a token of
 * one gateway is not accepted by the other and each keeps accepting its own.
 */
describe('two gateways in one process', () => {
  let first: TestGateway;
  let second: TestGateway;

  beforeAll(async () => {
    first = await startTestGateway();
    second = await startTestGateway();
  });

  afterAll(async () => {
    await first?.destroy();
    await second?.destroy();
  });

  const tokenOf = async (gw: TestGateway): Promise<string> => {
    const res = await gw.admin('/api/mgw/adapter/0.1/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: '' },
      body: JSON.stringify({ username: 'admin', password: 'admin' }),
    });
    expect(res.status).toBe(200);
    return res.json<{ accessToken: string }>().accessToken;
  };

  const list = (gw: TestGateway, token: string) => gw.admin('/portico/v1/apis', { headers: { authorization: `Bearer ${token}` } });

  it('accepts each gateway its own admin tokens only', async () => {
    const [firstToken, secondToken] = [await tokenOf(first), await tokenOf(second)];
    expect((await list(first, firstToken)).status).toBe(200);
    expect((await list(second, secondToken)).status).toBe(200);
    expect((await list(first, secondToken)).status).toBe(401);
    expect((await list(second, firstToken)).status).toBe(401);
  });
});
