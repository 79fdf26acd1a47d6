import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { ADMIN_AUTH, startTestGateway, type TestGateway } from '#testing';
import { RawConnection, type RawResponse } from './support/raw-connection.js';

/**
 * `admin.allowedClients`: an admin API off loopback limited to the operators' network. A
 * connection from anywhere else is closed before a byte of it is read, TLS or not.
 */

const LIST = 'GET /portico/v1/apis HTTP/1.1\r\nHost: localhost\r\nAuthorization: ' + ADMIN_AUTH + '\r\n\r\n';

async function listOnNewConnection(port: number, tls: boolean): Promise<RawResponse | undefined> {
  const conn = await RawConnection.open(port, { tls }).catch(() => undefined);
  if (!conn) return undefined;
  const res = await conn.request(LIST);
  conn.destroy();
  return res;
}

describe('admin.allowedClients', () => {
  let gw: TestGateway | undefined;
  let warnings: string[];

  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await gw?.destroy();
    gw = undefined;
  });

  it('closes connections from other addresses unanswered, over HTTP and TLS, with one log line', async () => {
    gw = await startTestGateway({ settings: { admin: { allowedClients: ['10.0.0.0/8', 'fd00::/8'] } } });
    const port = gw.running.ports.admin!;
    for (const tls of [false, true]) expect(await listOnNewConnection(port, tls)).toBeUndefined();
    expect(warnings.filter((w) => w.startsWith('Refused an admin connection'))).toEqual(['Refused an admin connection from 127.0.0.1: not in admin.allowedClients']);
    // The data plane is not limited by it.
    expect((await gw.request('/health')).status).toBe(200);
  });

  it('serves the listed addresses and ranges', async () => {
    gw = await startTestGateway({ settings: { admin: { allowedClients: ['10.0.0.0/8', '127.0.0.0/8', '::1'] } } });
    const port = gw.running.ports.admin!;
    for (const tls of [false, true]) expect((await listOnNewConnection(port, tls))?.status).toBe(200);
    expect(warnings.filter((w) => w.startsWith('Refused an admin connection'))).toEqual([]);
  });

  it('refuses a start with an entry that is no address or range, naming the key', async () => {
    await expect(startTestGateway({ settings: { admin: { allowedClients: ['ops.example.com'] } } })).rejects.toThrow(/admin\.allowedClients/);
  });
});
