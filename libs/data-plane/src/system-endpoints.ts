import type { ServerResponse } from 'node:http';

const HEALTHY = Buffer.from('{"status":"healthy"}');
const READY = Buffer.from('{"status":"ready"}');
const NOT_READY = Buffer.from('{"status":"not ready"}');

/**
 * `GET /health` (the process is up) and `GET /ready` (deployments restored and listeners open;
 * not ready while draining). Reserved: answered on any host before any deployed route, so a
 * deployment can never take a load balancer's health check away (deploys that try are warned).
 */
export class SystemEndpoints {
  ready = false;

  handle(method: string, path: string, res: ServerResponse): boolean {
    if (method !== 'GET' && method !== 'HEAD') return false;
    if (path === '/health') return this.reply(res, 200, HEALTHY);
    if (path === '/ready') return this.ready ? this.reply(res, 200, READY) : this.reply(res, 503, NOT_READY);
    return false;
  }

  private reply(res: ServerResponse, status: number, body: Buffer): true {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(res.req.method === 'HEAD' ? undefined : body);
    return true;
  }
}
