// Consumer security as the gateway applies it (the `security` of every API in the admin API's
// views): open, or the schemes its secured operations accept.

const KINDS = { oauth2: 'OAuth2', apiKey: 'API key', http: 'HTTP', openIdConnect: 'OpenID Connect' };

/** One line for the list: `Open (security disabled)`, or the schemes joined by `or`. */
export function securityLabel(security) {
  if (!security) return 'unknown';
  if (security.open) return 'Open (security disabled)';
  const names = security.schemes.map((s) => (s.default ? `${s.name} (default)` : `${s.name} (${KINDS[s.type] ?? s.type})`)).join(' or ');
  return security.openOperations > 0 ? `${names} (+${security.openOperations} open operation${security.openOperations === 1 ? '' : 's'})` : names;
}
