/**
 * Secrets inside log text (messages, stacks): credentials of an Authorization header, JWTs,
 * credentials in query strings or forms, and secret values of JSON documents. Structured fields
 * are redacted by pino (see redaction-paths.ts); this covers what was already written into text.
 */

/** Names whose `name=value` (query, form) and `"name":"value"` (JSON) values are secrets. */
const SECRET_NAMES = [
  'apikey',
  'api_key',
  'api-key',
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'client_secret',
  'clientSecret',
  'secret',
  'password',
  'passwd',
  'privateKey',
].join('|');

/**
 * One pass over the text. Alternatives, in order: an Authorization scheme and its credentials,
 * a JWT (three base64url parts, the first two JSON objects: `eyJ`), `name=value`, a JSON pair
 * `"name":"value"`, and the same pair as it appears escaped inside a quoted string (`\"name\":\"value\"`).
 */
const SECRETS = new RegExp(
  [
    '\\b(bearer|basic)(\\s+)([A-Za-z0-9._~+/-]+=*)',
    '(eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*)',
    `(?<![\\w-])(${SECRET_NAMES})=[^&\\s"';,]+`,
    `"(${SECRET_NAMES})"\\s*:\\s*"(?:[^"\\\\]|\\\\.)*"`,
    `\\\\"(${SECRET_NAMES})\\\\"\\s*:\\s*\\\\"(?:[^\\\\]|\\\\(?!"))*\\\\"`,
  ].join('|'),
  'gi',
);

/** Cheap first look: text without any of these cannot hold a secret the scrubber knows. */
const TRIGGERS = /bearer|basic|eyj|api|token|secret|passw|privatekey/i;

/**
 * A scheme followed by an ordinary lower-case word is prose ("HTTP Basic or a Bearer token",
 * `Basic realm=`), not credentials: base64 and token strings nearly always hold a capital, a
 * digit or a sign before their `=` padding.
 */
const CREDENTIAL_LIKE = /[A-Z0-9+/._~-]/;

/** `text` with every secret it recognises replaced by `[REDACTED]` (a JWT: `[REDACTED JWT]`). */
export function scrubSecrets(text: string): string {
  if (!TRIGGERS.test(text)) return text;
  return text.replace(SECRETS, (match: string, scheme?: string, space?: string, credentials?: string, jwt?: string, pairName?: string, jsonName?: string, escapedName?: string) => {
    if (scheme !== undefined) return CREDENTIAL_LIKE.test((credentials ?? '').replace(/=+$/, '')) ? `${scheme}${space}[REDACTED]` : match;
    if (jwt !== undefined) return '[REDACTED JWT]';
    if (pairName !== undefined) return `${pairName}=[REDACTED]`;
    if (jsonName !== undefined) return `"${jsonName}":"[REDACTED]"`;
    if (escapedName !== undefined) return `\\"${escapedName}\\":\\"[REDACTED]\\"`;
    return match;
  });
}
