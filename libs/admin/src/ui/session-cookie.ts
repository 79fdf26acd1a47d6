import { ADMIN_SESSION_COOKIE, cookiePair } from '#core';

/**
 * The dashboard's session: the admin token of `POST /ui/login` in an HttpOnly cookie, so page
 * scripts never hold it. The admin guard accepts it as it accepts a Bearer token.
 */
export const SESSION_COOKIE = ADMIN_SESSION_COOKIE;

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** The session token of the request's `Cookie` header, if it has one. */
export function sessionTokenOf(headers: Headers): string | undefined {
  const header = headers.cookie;
  for (const line of Array.isArray(header) ? header : header === undefined ? [] : [header]) {
    for (const pair of line.split(';')) {
      const { name, value } = cookiePair(pair);
      if (name === SESSION_COOKIE && value !== '') return value;
    }
  }
  return undefined;
}

/**
 * `Set-Cookie` for a session of `maxAgeSeconds` (0: removes it). SameSite=Strict keeps other
 * sites' pages from sending it; `Secure` when the page came over TLS, so it never travels in
 * clear afterwards.
 */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}
