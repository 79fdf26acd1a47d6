import type { Principal } from '#core';

/**
 * A token whose signature, issuer and lifetime were checked. What still depends on the API it is
 * presented to (the subscription, spec §11.2 step 8) is checked on every call, from these fields.
 */
export interface VerifiedToken {
  readonly principal: Principal;
  /** The issuer's `validateSubscription`. */
  readonly validateSubscription: boolean;
  /** The raw `subscribedAPIs` claim (before claim mapping). */
  readonly subscribedApis: unknown;
  /** The token's `exp`, in ms. */
  readonly expiresAtMs: number;
}
