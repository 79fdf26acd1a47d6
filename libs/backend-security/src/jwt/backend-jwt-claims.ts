import type { ApiDefinition, Principal } from '#core';

/** The API a backend JWT is issued for. */
export type BackendJwtApi = Pick<ApiDefinition, 'name' | 'version' | 'basePath'>;

/** Claims of the caller's credential that the backend JWT does not pass on (spec §13.3, §18 item 20). */
const NOT_COPIED = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'application', 'tierInfo', 'subscribedAPIs']);

/** `<d>` of spec §13.3: the dialect and `/`, or nothing for an empty dialect (or `/`). */
export function claimPrefix(dialect: string): string {
  const trimmed = dialect.replace(/\/+$/, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

/**
 * The backend JWT claims that describe the caller and the API (spec §13.3), without `iss`,
 * `iat`, `exp` and `jti`. Application data comes from the credential's `application` claim
 * (API Manager tokens and API keys: `{owner, tier, name, id, uuid, attributes?}`), the
 * subscription tier from its `subscribedAPIs` entry for this API; a claim without a value is
 * left out rather than invented. Every other claim of the credential (after claim mapping) is
 * copied under its own name; the gateway's claims win over a copied claim of the same name.
 */
export function principalClaims(principal: Principal, api: BackendJwtApi, prefix: string): Record<string, unknown> {
  const application = objectOf(principal.claims.application);
  const claims: Record<string, unknown> = {};
  const put = (name: string, value: unknown): void => {
    if (value !== undefined) claims[prefix + name] = value;
  };
  put('subscriber', text(application?.owner));
  put('applicationid', text(application?.uuid) ?? text(application?.id));
  put('applicationname', text(application?.name));
  put('applicationtier', text(application?.tier));
  put('applicationUUId', text(application?.uuid));
  put('apiname', api.name);
  put('apicontext', api.basePath);
  put('version', api.version);
  put('tier', subscriptionTier(principal.claims.subscribedAPIs, api));
  put('keytype', principal.keyType);
  put('usertype', 'Application_User');
  put('enduser', principal.subject);
  put('enduserTenantId', '0');
  put('applicationAttributes', attributesOf(application));
  for (const [name, value] of Object.entries(principal.claims)) {
    // `__proto__` is an own property of parsed JSON; assigning it would change the object's prototype.
    if (NOT_COPIED.has(name) || name === '__proto__' || Object.hasOwn(claims, name)) continue;
    claims[name] = value;
  }
  return claims;
}

function subscriptionTier(subscribedApis: unknown, api: BackendJwtApi): string | undefined {
  if (!Array.isArray(subscribedApis)) return undefined;
  for (const entry of subscribedApis) {
    const subscription = objectOf(entry);
    if (subscription === undefined) continue;
    const sameApi = (subscription.name === api.name && subscription.version === api.version) || subscription.context === api.basePath;
    if (sameApi) return text(subscription.subscriptionTier);
  }
  return undefined;
}

function attributesOf(application: Readonly<Record<string, unknown>> | undefined): Readonly<Record<string, unknown>> | undefined {
  const attributes = objectOf(application?.attributes);
  return attributes !== undefined && Object.keys(attributes).length > 0 ? attributes : undefined;
}

function objectOf(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
