// What a definition says about consumer security, read the way the gateway applies it: the
// API-level `security` requirements (alternatives) over its security schemes; none means an
// OAuth2 token; `x-wso2-disable-security: true` (or `x-auth-type: None`) means open access.
// A project's api.yaml `securityScheme` can add API keys or mutual TLS on top: the detail view says so.
import { readYaml } from './yaml-reader.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** { open, schemes: [{ name, description }], overrides } from a definition's text; null when unreadable. */
export function definitionSecurity(text) {
  let doc;
  try {
    doc = readYaml(text);
  } catch {
    return null;
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return null;
  const schemes = doc.components?.securitySchemes ?? doc.securityDefinitions ?? {};
  const open = isOff(doc);
  const requirements = Array.isArray(doc.security) ? doc.security : [];
  const names = [...new Set(requirements.flatMap((r) => (r && typeof r === 'object' ? Object.keys(r) : [])))];
  const described = names.length > 0
    ? names.map((name) => ({ name, kind: kindOf(schemes[name]), description: describeScheme(schemes[name]) }))
    : [{ name: 'OAuth2', kind: 'default', description: 'bearer token (no security requirement: the default)' }];
  return { open, schemes: open ? [] : described, overrides: countOverrides(doc.paths) };
}

/** One line for the list: `Open`, or the scheme names joined by `or`. */
export function securityLabel(security) {
  if (security === null) return 'unknown';
  if (security.open) return 'Open (security disabled)';
  const names = security.schemes.map((s) => `${s.name} (${s.kind})`).join(' or ');
  return security.overrides > 0 ? `${names} (+${security.overrides} per operation)` : names;
}

function isOff(node) {
  return node?.['x-wso2-disable-security'] === true || String(node?.['x-auth-type'] ?? '').toLowerCase() === 'none';
}

/** The kind of a scheme in a word or two, for the list. */
function kindOf(scheme) {
  const kinds = { oauth2: 'OAuth2', apiKey: 'API key', http: 'HTTP', openIdConnect: 'OpenID Connect' };
  return kinds[scheme?.type] ?? 'undefined scheme';
}

function describeScheme(scheme) {
  if (!scheme || typeof scheme !== 'object') return 'not defined in the definition (dropped with a deploy warning)';
  switch (scheme.type) {
    case 'oauth2':
      return 'OAuth2 bearer token';
    case 'apiKey':
      return `API key in ${scheme.in ?? 'header'} ${scheme.name ?? ''}`.trim();
    case 'http':
      return `HTTP ${scheme.scheme ?? ''}`.trim();
    case 'openIdConnect':
      return 'OpenID Connect token';
    default:
      return String(scheme.type ?? 'unknown type');
  }
}

/** Operations (or path items) that set their own security or switch it off. */
function countOverrides(paths) {
  if (!paths || typeof paths !== 'object') return 0;
  let count = 0;
  for (const item of Object.values(paths)) {
    if (!item || typeof item !== 'object') continue;
    const itemOff = isOff(item);
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation || typeof operation !== 'object') continue;
      if (itemOff || isOff(operation) || Array.isArray(operation.security)) count++;
    }
  }
  return count;
}
