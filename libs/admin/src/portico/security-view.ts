import type { ApiDefinition, MutualSslMode } from '#core';

export interface SecuritySchemeView {
  readonly name: string;
  /** `oauth2`, `apiKey`, `http`, `openIdConnect`, or `undefined` for a name the definition does not define. */
  readonly type: string;
  /** In words: `OAuth2 bearer token`, `API key in header x-api-key`. */
  readonly description: string;
  /** The OAuth2 token operations without a security requirement ask for (spec §11.1). */
  readonly default?: true;
}

/** Consumer security as the gateway applies it (spec §11), for the admin views and the dashboard. */
export interface SecurityView {
  /** No operation asks for credentials (`x-wso2-disable-security`, `x-auth-type: None`). */
  readonly open: boolean;
  /** What the secured operations accept (any one of them); `OAuth2` where they name none (the default). */
  readonly schemes: readonly SecuritySchemeView[];
  /** Operations left open in an API whose other operations are secured. */
  readonly openOperations: number;
  /** api.yaml `securityScheme` entries of the project (`oauth2`, `api_key`, `mutualssl`, …). */
  readonly projectSchemes: readonly string[];
  readonly mutualTls: MutualSslMode;
}

const DEFAULT_OAUTH2: SecuritySchemeView = { name: 'OAuth2', type: 'oauth2', description: 'OAuth2 bearer token (the default: no security requirement)', default: true };

export function securityView(api: ApiDefinition): SecurityView {
  const operations = api.resources.flatMap((r) => r.operations);
  const secured = api.disableSecurity ? [] : operations.filter((o) => !o.disableSecurity);
  const names = new Set(secured.flatMap((o) => o.security.flatMap((requirement) => Object.keys(requirement))));
  const schemes = [...names].map((name) => schemeView(name, api.securitySchemes[name]));
  if (secured.some((o) => o.security.length === 0)) schemes.push(DEFAULT_OAUTH2);
  return {
    open: api.disableSecurity || (operations.length > 0 && secured.length === 0),
    schemes,
    openOperations: secured.length > 0 ? operations.length - secured.length : 0,
    projectSchemes: api.apiYamlSecuritySchemes,
    mutualTls: api.mutualSsl,
  };
}

function schemeView(name: string, scheme: unknown): SecuritySchemeView {
  const fields = scheme !== null && typeof scheme === 'object' ? (scheme as Record<string, unknown>) : undefined;
  const type = typeof fields?.type === 'string' ? fields.type : 'undefined';
  return { name, type, description: describe(type, fields) };
}

function describe(type: string, scheme: Record<string, unknown> | undefined): string {
  switch (type) {
    case 'oauth2':
      return 'OAuth2 bearer token';
    case 'apiKey':
      return `API key in ${String(scheme?.in ?? 'header')} ${String(scheme?.name ?? '')}`.trim();
    case 'http':
      return `HTTP ${String(scheme?.scheme ?? '')}`.trim();
    case 'openIdConnect':
      return 'OpenID Connect token';
    case 'undefined':
      return 'not defined in the definition';
    default:
      return type;
  }
}
