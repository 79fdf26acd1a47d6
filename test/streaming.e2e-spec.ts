import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { openApiDocument, startBackend, startTestGateway, type TestBackend, type TestGateway } from '#testing';

const MB = 1024 * 1024;

/** Resolves when `check` is true, polling; bounded. */
async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('streaming through the REST connector (issue 2 item 5)', () => {
  let backend: TestBackend;
  let gw: TestGateway;
  let uploadReceived = 0;
  let uploadHash = '';
  let releaseDownload: () => void = () => undefined;
  const backendClosed: string[] = [];

  beforeAll(async () => {
    backend = await startBackend(
      (req: IncomingMessage, res: ServerResponse) => {
        res.on('close', () => {
          if (!res.writableFinished) backendClosed.push(req.url ?? '');
        });
        if (req.url === '/upload') {
          uploadReceived = 0;
          const hash = createHash('sha256');
          req.on('data', (c: Buffer) => {
            uploadReceived += c.length;
            hash.update(c);
          });
          req.on('end', () => {
            uploadHash = hash.digest('hex');
            res.end(String(uploadReceived));
          });
        } else if (req.url === '/download') {
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          res.write(Buffer.alloc(MB, 1));
          releaseDownload = () => res.end(Buffer.alloc(MB, 2));
        } else if (req.url === '/hang') {
          res.writeHead(200);
          res.write('partial');
        }
      },
      { streaming: true },
    );
    gw = await startTestGateway();
    const doc = openApiDocument({ title: 'Stream', basePath: '/stream', production: [backend.url] });
    const deployed = await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: doc });
    expect(deployed.status).toBe(201);
  });

  afterAll(async () => {
    await gw.destroy();
    await backend.close();
  });

  it('streams an upload: the backend reads the first bytes before the client has sent the rest', async () => {
    const hash = createHash('sha256');
    const req = request({ port: gw.running.ports.http, path: '/stream/upload', method: 'POST', headers: { host: 'localhost', 'transfer-encoding': 'chunked' } });
    const response = once(req, 'response') as Promise<[IncomingMessage]>;
    const first = Buffer.alloc(MB, 7);
    hash.update(first);
    req.write(first);
    await until(() => uploadReceived > 0, 'the first upload bytes at the backend');
    for (let i = 0; i < 31; i++) {
      const chunk = Buffer.alloc(MB, i);
      hash.update(chunk);
      if (!req.write(chunk)) await once(req, 'drain');
    }
    req.end();
    const [res] = await response;
    let text = '';
    for await (const c of res) text += String(c);
    expect(res.statusCode).toBe(200);
    expect(text).toBe(String(32 * MB));
    expect(uploadHash).toBe(hash.digest('hex'));
  });

  it('streams a download: the client gets the first bytes before the backend has finished', async () => {
    const req = request({ port: gw.running.ports.http, path: '/stream/download', headers: { host: 'localhost' } });
    req.end();
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    let received = 0;
    res.on('data', (c: Buffer) => (received += c.length));
    await until(() => received >= MB, 'the first megabyte at the client');
    releaseDownload();
    await once(res, 'end');
    expect(received).toBe(2 * MB);
  });

  it('aborts the backend request when the client disconnects', async () => {
    const req = request({ port: gw.running.ports.http, path: '/stream/hang', headers: { host: 'localhost' } });
    req.on('error', () => undefined);
    req.end();
    const [res] = (await once(req, 'response')) as [IncomingMessage];
    await once(res, 'data');
    req.destroy();
    await until(() => backendClosed.includes('/hang'), 'the backend to see the abort');
  });

  it('aborts the backend upload when the client disconnects mid-body', async () => {
    const req = request({ port: gw.running.ports.http, path: '/stream/upload', method: 'POST', headers: { host: 'localhost', 'content-length': String(8 * MB) } });
    req.on('error', () => undefined);
    uploadReceived = 0;
    req.write(Buffer.alloc(MB));
    await until(() => uploadReceived > 0, 'the upload to start');
    req.destroy();
    await until(() => backendClosed.includes('/upload'), 'the backend to see the aborted upload');
  });
});
