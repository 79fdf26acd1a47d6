import type { ServerResponse } from 'node:http';
import type { HeaderMap, ResponseHead, ResponseTarget } from '#core';
import { HOP_BY_HOP } from './hop-by-hop.js';

/** Writes a connector's response head to the client, without hop-by-hop headers. */
export class ClientResponseTarget implements ResponseTarget {
  headSent = false;

  constructor(private readonly res: ServerResponse) {}

  accept(head: ResponseHead): ServerResponse {
    const headers: HeaderMap = {};
    const source = head.headers;
    for (const name in source) {
      if (!HOP_BY_HOP.has(name)) headers[name] = source[name];
    }
    this.headSent = true;
    return this.res.writeHead(head.statusCode, headers as Record<string, string | string[]>);
  }
}
