import type { ApiDefinition, SecurityRequirement } from '#core';
import { classifySecurityScheme, type ClassifiedScheme, OAUTH2_SCHEME, type VerifiableScheme } from './security-scheme.js';

/**
 * The security schemes an API's operations may name, after api.yaml `securityScheme` (spec
 * §11.1's table): `oauth2` keeps only the scheme `default`, `api_key` brings the schemes
 * `api_key_header` and `api_key_query` and requires them of every operation; with neither, the
 * definition's schemes stand as written.
 */
export interface SchemeTable {
  readonly schemes: ReadonlyMap<string, ClassifiedScheme>;
  /** Defined by the definition but replaced by the api.yaml override: naming them is not a mistake. */
  readonly replacedByApiYaml: ReadonlySet<string>;
  /** Requirements api.yaml adds to every operation (`api_key`), ORed with the operation's own. */
  readonly addedRequirements: readonly SecurityRequirement[];
  /** The JSON pointer of a scheme in the definition, for deploy problems. */
  pointerOf(name: string): string;
}

const DEFAULT_OAUTH2 = 'default';
const API_KEY_HEADER = 'api_key_header';
const API_KEY_QUERY = 'api_key_query';
// API Manager's fixed API-key locations (spec §11.3): header `apikey`, query parameter `apikey`.
const API_KEY_HEADER_SCHEME: VerifiableScheme = { kind: 'api-key', in: 'header', name: 'apikey' };
const API_KEY_QUERY_SCHEME: VerifiableScheme = { kind: 'api-key', in: 'query', name: 'apikey' };
const API_KEY_REQUIREMENTS: readonly SecurityRequirement[] = [{ [API_KEY_HEADER]: [] }, { [API_KEY_QUERY]: [] }];

export function schemeTableOf(api: ApiDefinition, tokenIssuersConfigured: boolean): SchemeTable {
  const written = new Map<string, ClassifiedScheme>();
  for (const [name, scheme] of Object.entries(api.securitySchemes)) written.set(name, classifySecurityScheme(scheme, tokenIssuersConfigured));
  // AsyncAPI channels ask their x-scopes of API Manager's OAuth2 scheme, whatever the components call theirs.
  if (api.definition.format === 'asyncapi2' && !written.has(DEFAULT_OAUTH2)) written.set(DEFAULT_OAUTH2, OAUTH2_SCHEME);
  const schemesRoot = api.definition.format === 'openapi2' ? '/securityDefinitions' : '/components/securitySchemes';
  const pointerOf = (name: string): string => `${schemesRoot}/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
  const oauth2 = api.apiYamlSecuritySchemes.includes('oauth2');
  const apiKey = api.apiYamlSecuritySchemes.includes('api_key');
  if (!oauth2 && !apiKey) return { schemes: written, replacedByApiYaml: new Set(), addedRequirements: [], pointerOf };

  const schemes = new Map<string, ClassifiedScheme>();
  // `default` is API Manager's OAuth2 scheme; its scopes live in the requirements that name it.
  if (oauth2) schemes.set(DEFAULT_OAUTH2, OAUTH2_SCHEME);
  if (apiKey) {
    schemes.set(API_KEY_HEADER, API_KEY_HEADER_SCHEME);
    schemes.set(API_KEY_QUERY, API_KEY_QUERY_SCHEME);
  }
  const replacedByApiYaml = new Set([...written.keys()].filter((name) => !schemes.has(name)));
  return { schemes, replacedByApiYaml, addedRequirements: apiKey ? API_KEY_REQUIREMENTS : [], pointerOf };
}
