/** What pino writes instead of a redacted field's value. */
export const REDACTED = '[REDACTED]';

/** Field names whose values are secrets wherever they appear in a log record's fields. */
export const SECRET_FIELDS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'apikey',
  'api_key',
  'apiKey',
  'x-api-key',
  'password',
  'clientSecret',
  'client_secret',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'secret',
  'privateKey',
] as const;

/**
 * pino `redact` paths for every secret field at the top of a record and up to three levels
 * down (`headers.authorization`, `req.headers.cookie`, `backend.credentials.password`, …).
 * Each level costs a little on every record that has fields, so deeper nesting is left to the
 * code that logs it.
 */
export function redactionPaths(): string[] {
  const paths: string[] = [];
  for (const field of SECRET_FIELDS) {
    const key = /^[A-Za-z_$][\w$]*$/.test(field) ? field : `["${field}"]`;
    const joined = (prefix: string) => (key.startsWith('[') ? `${prefix}${key}` : `${prefix}.${key}`);
    paths.push(key, joined('*'), joined('*.*'), joined('*.*.*'));
  }
  return paths;
}
