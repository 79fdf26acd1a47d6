import { type BackendCredentials, type HeaderMap } from '#core';

/**
 * Basic auth towards the backend (spec §12): `Authorization: Basic base64(username:password)`,
 * computed once, replacing whatever the client sent. Nothing to renew: a 401 stays a 401.
 */
export class BasicCredentials implements BackendCredentials {
  readonly renewable = false;
  private readonly header: string;

  constructor(username: string, password: string) {
    // RFC 7617 §2.1: the user-pass is UTF-8 when the server does not say otherwise.
    this.header = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  }

  apply(headers: HeaderMap): undefined {
    headers.authorization = this.header;
    return undefined;
  }

  renew(_headers: HeaderMap): boolean {
    return false;
  }

  query(search: string): string {
    return search;
  }

  async dispose(): Promise<void> {}
}
