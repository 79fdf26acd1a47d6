import { type AuthFailure, REQUEST_ERRORS } from '#core';
import type { ApiIdentity } from '../credential-verifiers.js';

const NOT_SUBSCRIBED: AuthFailure = { failure: REQUEST_ERRORS.resourceForbidden };
const NO_SUBSCRIPTION_CLAIM: AuthFailure = { failure: REQUEST_ERRORS.subscriptionValidationFailed };

/**
 * Spec §11.2 step 8: the `subscribedAPIs` claim must hold an entry with the API's name and
 * version (the context is not compared for access tokens). Without the claim, Choreo Connect
 * asks its subscription store, which standalone always refuses: "API Subscription validation
 * failed". With the claim but no matching entry: "Resource forbidden ".
 */
export function subscriptionFailure(subscribedApis: unknown, api: ApiIdentity): AuthFailure | undefined {
  if (subscribedApis === undefined || subscribedApis === null) return NO_SUBSCRIPTION_CLAIM;
  if (!Array.isArray(subscribedApis)) return NOT_SUBSCRIBED;
  for (const entry of subscribedApis as unknown[]) {
    const { name, version } = (entry ?? {}) as { name?: unknown; version?: unknown };
    if (name === api.name && version === api.version) return undefined;
  }
  return NOT_SUBSCRIBED;
}
