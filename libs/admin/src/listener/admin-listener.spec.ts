import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { Controller, Get, HttpCode, Module, Post, Req } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { TlsCredentials } from '#core';
import { selfSignedTls } from '../../test/admin-test-kit.spec-support.js';
import { AdminListener } from './admin-listener.js';

@Controller()
class EchoController {
  @Get('hello')
  hello(@Req() request: FastifyRequest): { encrypted: boolean } {
    return { encrypted: 'encrypted' in request.raw.socket && request.raw.socket.encrypted === true };
  }

  @Post('digest')
  @HttpCode(200)
  digest(@Req() request: FastifyRequest): string {
    return Buffer.isBuffer(request.body) ? sha256(request.body) : 'no body';
  }
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

@Module({ controllers: [EchoController] })
class EchoModule {}

interface Reply {
  status: number;
  body: string;
}

function call(tls: boolean, port: number, method: string, path: string, body?: Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const options = {
      host: '127.0.0.1',
      port,
      method,
      path,
      headers: body ? { 'content-type': 'application/octet-stream', 'content-length': body.length } : {},
      rejectUnauthorized: false,
      agent: false as const,
    };
    const req = (tls ? httpsRequest : httpRequest)(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('AdminListener', () => {
  let tls: TlsCredentials;
  let app: NestFastifyApplication;
  let listener: AdminListener;

  beforeAll(async () => {
    tls = await selfSignedTls();
  });

  async function start(protocols: 'both' | 'http' | 'https'): Promise<number> {
    listener = new AdminListener();
    app = await NestFactory.create<NestFastifyApplication>(EchoModule, new FastifyAdapter({ serverFactory: listener.serverFactory }), { logger: false });
    app.getHttpAdapter().getInstance().addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: 8 * 1024 * 1024 }, (_r, b, done) => done(null, b));
    await app.init();
    return listener.listen({ app, host: '127.0.0.1', port: 0, protocols, tls, limits: { maxConnections: 64, headersTimeoutMs: 10_000, requestTimeoutMs: 300_000 } });
  }

  afterEach(async () => {
    await listener.close();
    await app.close();
  });

  it('answers HTTP and HTTPS on the same port when protocols is both', async () => {
    const port = await start('both');
    expect(port).toBeGreaterThan(0);
    expect(await call(false, port, 'GET', '/hello')).toEqual({ status: 200, body: '{"encrypted":false}' });
    expect(await call(true, port, 'GET', '/hello')).toEqual({ status: 200, body: '{"encrypted":true}' });
  });

  it('passes large bodies intact over both protocols on the shared port', async () => {
    const port = await start('both');
    const body = randomBytes(3 * 1024 * 1024);
    expect(await call(false, port, 'POST', '/digest', body)).toEqual({ status: 200, body: sha256(body) });
    expect(await call(true, port, 'POST', '/digest', body)).toEqual({ status: 200, body: sha256(body) });
  });

  it('serves only HTTPS when protocols is https, and only HTTP when it is http', async () => {
    const httpsPort = await start('https');
    expect((await call(true, httpsPort, 'GET', '/hello')).status).toBe(200);
    await expect(call(false, httpsPort, 'GET', '/hello')).rejects.toThrow();
    await listener.close();
    await app.close();

    const httpPort = await start('http');
    expect((await call(false, httpPort, 'GET', '/hello')).status).toBe(200);
    await expect(call(true, httpPort, 'GET', '/hello')).rejects.toThrow();
  });

  it('drops a connection that closes before sending a byte without disturbing the next one', async () => {
    const port = await start('both');
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.end());
      socket.on('close', () => resolve());
    });
    expect((await call(false, port, 'GET', '/hello')).status).toBe(200);
  });
});
