import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenFailure } from '#core';

export interface ScrapeSource {
  readonly contentType: string;
  scrape(): Promise<string>;
}

/**
 * `metrics.port`: a listener of its own that answers the scrape path and nothing else, without
 * authentication (it belongs on a private address). A bare node:http server: no admin host or
 * origin checks, no framework.
 */
export class MetricsListener {
  private server: Server | undefined;

  constructor(
    private readonly source: ScrapeSource,
    private readonly path: string,
  ) {}

  /** Opens it; returns the bound port (the system's choice for port 0). */
  async listen(host: string, port: number): Promise<number> {
    const server = createServer((req, res) => this.answer(req, res));
    server.listen(port, host);
    try {
      await once(server, 'listening');
    } catch (error) {
      throw listenFailure({ portSetting: 'metrics.port', hostSetting: 'metrics.host', host, port }, error);
    }
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // A scraper's keep-alive connection would hold the close open.
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 1000).unref();
    await closed;
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const query = req.url?.indexOf('?') ?? -1;
    const path = query < 0 ? req.url : req.url?.slice(0, query);
    if (path !== this.path) return void plain(res, 404, 'Not Found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return void plain(res, 405, 'Method Not Allowed\n');
    }
    this.source.scrape().then(
      (text) => {
        res.writeHead(200, { 'content-type': this.source.contentType, 'content-length': Buffer.byteLength(text) });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      () => plain(res, 500, 'metrics could not be collected\n'),
    );
  }
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
