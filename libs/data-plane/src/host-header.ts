/**
 * `host[:port]` as RFC 9112 §3.2 / RFC 3986 §3.2.2 allow it in practice: an IP literal in brackets
 * or a name of letters, digits, `.`, `-` and `_`, and an optional port. Anything else (spaces,
 * `!!`, a user-info part, two values joined by a comma when the header is repeated) is refused,
 * never forwarded or echoed in `X-Forwarded-Host`.
 */
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_][A-Za-z0-9._-]*)(?::[0-9]{0,5})?$/;

export function isValidHost(value: string): boolean {
  return HOST.test(value);
}
