import { type BackendCredentials, type HeaderMap } from '#core';
import { withReplacedQueryParameter } from './query-parameter.js';

/**
 * An API key towards the backend (Portico extension), in a header or in the query string. Either
 * way it replaces what the client sent under that name. Nothing to renew.
 */
export class ApiKeyCredentials implements BackendCredentials {
  readonly renewable = false;
  private readonly headerName: string | undefined;
  private readonly queryName: string | undefined;
  private readonly queryPair: string;

  constructor(
    location: 'header' | 'query',
    name: string,
    private readonly value: string,
  ) {
    this.headerName = location === 'header' ? name.toLowerCase() : undefined;
    this.queryName = location === 'query' ? name : undefined;
    this.queryPair = `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
  }

  apply(headers: HeaderMap): undefined {
    if (this.headerName !== undefined) headers[this.headerName] = this.value;
    return undefined;
  }

  renew(_headers: HeaderMap): boolean {
    return false;
  }

  query(search: string): string {
    return this.queryName === undefined ? search : withReplacedQueryParameter(search, this.queryName, this.queryPair);
  }

  async dispose(): Promise<void> {}
}
