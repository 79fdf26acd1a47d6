import type { BackendOAuth2Auth } from '#core';

/** The OAuth2 client the gateway authenticates as at the token endpoint, its secret resolved. */
export type OAuth2Client = Omit<BackendOAuth2Auth, 'type' | 'clientSecret'> & { readonly clientSecret: string };

/** The token request of the client credentials grant (RFC 6749 §4.4.2), built once per client. */
export interface TokenRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function tokenRequest(client: OAuth2Client): TokenRequest {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (client.scopes.length > 0) form.set('scope', client.scopes.join(' '));
  if (client.audience !== undefined) form.set('audience', client.audience);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (client.clientAuthentication === 'body') {
    form.set('client_id', client.clientId);
    form.set('client_secret', client.clientSecret);
  } else {
    headers.authorization = basicClientAuthentication(client);
  }
  return { headers, body: form.toString() };
}

/**
 * RFC 6749 §2.3.1: id and secret are form-urlencoded before they become the Basic user-pass, so
 * a `:` in the id survives (servers decode them again).
 */
export function basicClientAuthentication({ clientId, clientSecret }: OAuth2Client): string {
  return `Basic ${Buffer.from(`${formEncoded(clientId)}:${formEncoded(clientSecret)}`, 'utf8').toString('base64')}`;
}

export function formEncoded(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}
