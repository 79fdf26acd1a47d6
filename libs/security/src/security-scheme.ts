/**
 * What the gateway can verify of one security scheme (spec §11.1): an OAuth2 bearer JWT in the
 * API's auth header, or an API key in a named header or query parameter. Anything else is
 * unsupported, with the reason a deploy problem shows.
 */
export type VerifiableScheme =
  | { readonly kind: 'oauth2' }
  | { readonly kind: 'api-key'; readonly in: 'header' | 'query'; readonly name: string };

export interface UnsupportedScheme {
  readonly kind: 'unsupported';
  readonly reason: string;
}

export type ClassifiedScheme = VerifiableScheme | UnsupportedScheme;

export const OAUTH2_SCHEME: VerifiableScheme = { kind: 'oauth2' };

/**
 * Classifies a scheme object as written in OpenAPI 2 (`oauth2`, `apiKey`, `basic`), OpenAPI 3
 * (`oauth2`, `apiKey`, `http`, `openIdConnect`) or AsyncAPI 2 (`httpApiKey` too).
 * `tokenIssuersConfigured`: an OpenID Connect scheme is a bearer JWT like OAuth2, but only
 * worth accepting when the gateway trusts some issuer (it cannot follow `openIdConnectUrl`).
 */
export function classifySecurityScheme(value: unknown, tokenIssuersConfigured: boolean): ClassifiedScheme {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return unsupported('the scheme is not an object');
  }
  const scheme = value as Record<string, unknown>;
  const type = scheme.type;
  switch (type) {
    case 'oauth2':
      return OAUTH2_SCHEME;
    case 'openIdConnect':
      return tokenIssuersConfigured
        ? OAUTH2_SCHEME
        : unsupported('type openIdConnect needs a trusted token issuer (security.issuers), and none is configured');
    case 'apiKey':
    case 'httpApiKey':
      return apiKeyScheme(scheme);
    case 'basic':
      return unsupported('type basic (HTTP Basic authentication of consumers) is not verified by the gateway');
    case 'http':
      return unsupported(`type http (scheme ${describe(scheme.scheme)}) is not verified by the gateway; use an oauth2 scheme for bearer JWTs`);
    default:
      return unsupported(`type ${describe(type)} is not a security scheme type the gateway verifies (oauth2, apiKey, openIdConnect)`);
  }
}

function apiKeyScheme(scheme: Record<string, unknown>): ClassifiedScheme {
  const name = scheme.name;
  if (typeof name !== 'string' || name.trim() === '') return unsupported('an apiKey scheme needs a non-empty name');
  // Header names are case-insensitive (node:http lower-cases them); query names are compared as written (spec §11.1).
  if (scheme.in === 'header') return { kind: 'api-key', in: 'header', name: name.toLowerCase() };
  if (scheme.in === 'query') return { kind: 'api-key', in: 'query', name };
  return unsupported(`an apiKey scheme in ${describe(scheme.in)} is not verified by the gateway (header or query only)`);
}

function unsupported(reason: string): UnsupportedScheme {
  return { kind: 'unsupported', reason };
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : value === undefined ? '(missing)' : JSON.stringify(value) ?? String(value);
}
