/**
 * The cookie holding an admin dashboard session (the admin token of `POST /ui/login`). Browsers
 * send a host's cookies to all of its ports, so the data plane receives it too when the admin
 * listener shares a host name with it: the data plane removes it before anything goes upstream.
 */
export const ADMIN_SESSION_COOKIE = 'portico_admin';

/** One `name=value` pair of a `Cookie` header, trimmed (a pair without `=` is all name). */
export function cookiePair(pair: string): { readonly name: string; readonly value: string } {
  const equals = pair.indexOf('=');
  return equals < 0 ? { name: pair.trim(), value: '' } : { name: pair.slice(0, equals).trim(), value: pair.slice(equals + 1).trim() };
}
