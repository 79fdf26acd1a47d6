import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataPlaneEndpoint } from '#core';

const HEALTHY = Buffer.from('{"status":"healthy"}');
const READY = Buffer.from('{"status":"ready"}');
const NOT_READY = Buffer.from('{"status":"not ready"}');

/**
 * `GET /health` (the process is up) and `GET /ready` (deployments restored and listeners open;
 * not ready while draining), and the endpoints feature libs contribute (`/testkey`). Reserved:
 * answered on any host before any deployed route, so a deployment can never take a load
 * balancer's health check away (deploys that try are warned).
 */
export class SystemEndpoints {
  ready = false;

  constructor(private readonly contributed: readonly DataPlaneEndpoint[] = []) {}

  handle(method: string, path: string, req: IncomingMessage, res: ServerResponse): boolean {
    for (const endpoint of this.contributed) {
      if (endpoint.path !== path || endpoint.method !== method) continue;
      endpoint.handle(req, res);
      return true;
    }
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
