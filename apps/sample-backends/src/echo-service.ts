import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http-exchange.js';

export const ECHO_PREFIX = '/echo';

/**
 * `ANY /echo/*`: answers with what arrived, so a gateway's path rewriting and header handling
 * can be seen from the client. A body that is valid JSON is echoed as JSON, anything else as text.
 */
export async function echo(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const raw = await readBody(req);
  sendJson(res, 200, {
    method: req.method,
    path: url.pathname,
    query: queryObject(url.searchParams),
    headers: req.headers,
    body: bodyValue(raw, req.headers['content-type']),
  });
}

function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    out[name] = values.length === 1 ? values[0] : values;
  }
  return out;
}

function bodyValue(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return null;
  const text = raw.toString('utf8');
  if (contentType !== undefined && /\bjson\b/i.test(contentType)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}
