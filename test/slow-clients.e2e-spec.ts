import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { ADMIN_AUTH, startTestGateway, type TestGateway } from '#testing';
import { HealthProbe } from './support/health-probe.js';
import { eventually, within } from './support/waiting.js';
import { RawConnection, type RawResponse } from './support/raw-connection.js';

/**
 * Issue 14 item 7: slow request heads and connection floods. Both listeners give a request head
 * a deadline and cap their connections; over the cap a new connection is closed at once, and
 * the connections already open keep being served.
 */

const LIST = 'GET /portico/v1/apis HTTP/1.1\r\nHost: localhost\r\nAuthorization: ' + ADMIN_AUTH + '\r\n\r\n';
const HEALTH = 'GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n';



/** Sends a request line, then one header line every 200 ms, as long as the server listens (at most 50: 10 s). */
async function trickleHead(conn: RawConnection): Promise<number> {
  await conn.write('GET /portico/v1/apis HTTP/1.1\r\nHost: localhost\r\n');
  let lines = 0;
  while (!conn.isClosed && lines < 50) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    await conn.write(`X-Slow-${lines++}: 1\r\n`);
  }
  return lines;
}

/** A request on a new connection: its response, or undefined when the connection was closed unanswered. */
async function onNewConnection(port: number, request: string, tls = false): Promise<RawResponse | undefined> {
  const conn = await RawConnection.open(port, { tls }).catch(() => undefined);
  if (!conn) return undefined;
  const res = await within(conn.request(request), 'an answer or a close');
  conn.destroy();
  return res;
}

async function established(port: number, count: number, request: string, tls = false): Promise<RawConnection[]> {
  const conns: RawConnection[] = [];
  for (let i = 0; i < count; i++) {
    const conn = await RawConnection.open(port, { tls });
    expect((await conn.request(request))?.status).toBe(200);
    conns.push(conn);
  }
  return conns;
}

describe('slow clients and connection floods (issue 14 item 7)', () => {
  let warnings: string[];

  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
  });
  afterEach(() => jest.restoreAllMocks());

  describe('the admin listener (HTTP and HTTPS on one port)', () => {
    let gw: TestGateway;
    let adminPort: number;

    beforeEach(async () => {
      gw = await startTestGateway({ settings: { admin: { protocols: 'both', limits: { headersTimeoutMs: 1000, maxConnections: 4 } } } });
      adminPort = gw.running.ports.admin!;
    });
    afterEach(() => gw.destroy());

    it('closes a connection that trickles header lines, over HTTP and over TLS, with a 408, while the data plane keeps serving', async () => {
      const probe = HealthProbe.start(gw.running.ports.http);
      for (const tls of [false, true]) {
        const conn = await RawConnection.open(adminPort, { tls });
        const [lines, res] = await Promise.all([trickleHead(conn), conn.response()]);
        // Cut long before the 50 lines (10 s) the client meant to send.
        expect([tls, conn.isClosed, lines < 50]).toEqual([tls, true, true]);
        expect(res?.status).toBe(408);
        expect(JSON.parse(res!.body)).toEqual({
          status: 408,
          code: 'admin.request-timeout',
          message: 'the request head or body took too long to arrive (admin.limits.headersTimeoutMs / requestTimeoutMs)',
        });
      }
      const report = await probe.stop();
      expect(report.failures).toEqual([]);
      expect(report.answered).toBeGreaterThan(0);
      expect(report.slowestMs).toBeLessThan(1000);
      expect(warnings.filter((w) => w.startsWith('Closed an admin connection from 127.0.0.1: its request took longer'))).toHaveLength(1);
    });

    it('closes a connection that sends nothing, and one that stops in the middle of its TLS handshake', async () => {
      const silent = await RawConnection.open(adminPort);
      await within(silent.closed, 'a silent connection to be closed');
      const halfHandshake = await RawConnection.open(adminPort);
      // The first byte of a TLS record: the connection goes to the HTTPS server, which then waits for the ClientHello.
      await halfHandshake.write(Buffer.from([0x16, 0x03, 0x01]));
      await within(halfHandshake.closed, 'a stalled TLS handshake to be closed');
      expect(warnings.filter((w) => w.startsWith('Closed an admin connection'))).toEqual([
        'Closed an admin connection from 127.0.0.1: nothing sent within admin.limits.headersTimeoutMs',
        'Closed an admin connection from 127.0.0.1: no TLS handshake within admin.limits.headersTimeoutMs',
      ]);
    });

    it('refuses connections over admin.limits.maxConnections at once, keeps serving the open ones, and accepts again once one closes', async () => {
      const probe = HealthProbe.start(gw.running.ports.http);
      const open = await established(adminPort, 4, LIST);
      // Accepted by the kernel, closed by the gateway before it reads a byte: no answer.
      for (const tls of [false, true]) expect(await onNewConnection(adminPort, LIST, tls)).toBeUndefined();
      for (const conn of open) expect((await conn.request(LIST))?.status).toBe(200);
      open[0].destroy();
      expect((await eventually(() => onNewConnection(adminPort, LIST), (res) => res !== undefined))?.status).toBe(200);
      for (const conn of open) conn.destroy();
      expect(warnings.filter((w) => w.startsWith('Refused an admin connection'))).toEqual(['Refused an admin connection from 127.0.0.1: admin.limits.maxConnections (4) are open']);
      const report = await probe.stop();
      expect(report.failures).toEqual([]);
      expect(report.slowestMs).toBeLessThan(1000);
    });
  });

  describe('the data-plane listeners', () => {
    let gw: TestGateway;

    beforeEach(async () => {
      gw = await startTestGateway({ settings: { dataPlane: { limits: { headersTimeoutMs: 1000, maxConnections: 4 } } } });
    });
    afterEach(() => gw.destroy());

    it('refuse new connections over dataPlane.limits.maxConnections while established keep-alive connections keep working, on HTTP and HTTPS', async () => {
      for (const [port, tls] of [[gw.running.ports.http, false], [gw.running.ports.https!, true]] as const) {
        const open = await established(port, 4, HEALTH, tls);
        expect(await onNewConnection(port, HEALTH, tls)).toBeUndefined();
        for (const conn of open) expect((await conn.request(HEALTH))?.status).toBe(200);
        open[0].destroy();
        expect((await eventually(() => onNewConnection(port, HEALTH, tls), (res) => res !== undefined))?.status).toBe(200);
        for (const conn of open) conn.destroy();
      }
      expect(warnings.filter((w) => w.startsWith('Refused a'))).toEqual([
        'Refused a HTTP connection from 127.0.0.1: dataPlane.limits.maxConnections (4) are open',
        'Refused a HTTPS connection from 127.0.0.1: dataPlane.limits.maxConnections (4) are open',
      ]);
    });

    it('free the place of a connection whose request head timed out, even when the client never closes its side', async () => {
      const slow = await Promise.all([1, 2, 3, 4].map(() => RawConnection.open(gw.running.ports.http, { allowHalfOpen: true })));
      for (const conn of slow) await conn.write('GET /health HTTP/1.1\r\nHost: localhost\r\n');
      for (const conn of slow) expect((await within(conn.response(), 'the answer to a late request head'))?.status).toBe(400);
      // Had the gateway kept the half-closed sockets, they would hold all four places for good.
      expect((await eventually(() => onNewConnection(gw.running.ports.http, HEALTH), (res) => res !== undefined))?.status).toBe(200);
      for (const conn of slow) conn.destroy();
      expect(warnings.filter((w) => w.startsWith('Closed a connection'))).toEqual([
        'Closed a connection from 127.0.0.1: no complete request head within dataPlane.limits.headersTimeoutMs',
      ]);
    });
  });
});
