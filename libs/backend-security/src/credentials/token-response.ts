/** What a token endpoint issued: the access token and, when it said, its lifetime. */
export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number | undefined;
}

/** A 2xx answer that is not a usable token, in words for the failure message. */
export interface TokenProblem {
  readonly problem: string;
}

/**
 * Reads a successful token response (RFC 6749 §5.1). The token itself never appears in a
 * problem: messages end up in logs.
 */
export function readTokenResponse(status: number, body: string): IssuedToken | TokenProblem {
  const json = parsedObject(body);
  if (json === undefined) return { problem: `answered ${status} with a body that is not a JSON object` };
  const { access_token: accessToken, token_type: tokenType, expires_in: expiresIn } = json;
  if (typeof accessToken !== 'string' || accessToken.length === 0) return { problem: `answered ${status} without an access_token` };
  // The token goes into a header as is; a space or control character would break the request.
  if (!/^[\x21-\x7e]+$/.test(accessToken)) return { problem: `answered ${status} with an access_token that cannot be sent in a header` };
  if (tokenType !== undefined && (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer')) {
    return { problem: `answered ${status} with token_type ${printable(JSON.stringify(tokenType))}, not bearer` };
  }
  return { accessToken, expiresInSeconds: seconds(expiresIn) };
}

/** A failed answer (RFC 6749 §5.2): its status, and the OAuth `error` and description when it has them. */
export function describeErrorResponse(status: number, body: string): string {
  const json = parsedObject(body);
  const error = typeof json?.error === 'string' ? printable(json.error) : undefined;
  const description = typeof json?.error_description === 'string' ? printable(json.error_description) : undefined;
  if (error === undefined) return `answered ${status}`;
  return `answered ${status} (${error}${description ? `: ${description}` : ''})`;
}

function parsedObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A number, or a numeric string (some servers send one); anything else counts as not said. */
function seconds(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? Math.max(0, number) : undefined;
}

/** Text from the token endpoint, kept to one short printable line for a log message. */
function printable(text: string): string {
  const line = text.replace(/[^\x20-\x7e]/g, '?');
  return line.length > 200 ? `${line.slice(0, 200)}...` : line;
}
