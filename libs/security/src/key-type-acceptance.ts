import { type AuthFailure, REQUEST_ERRORS } from '#core';

const SANDBOX_REFUSED: AuthFailure = { failure: REQUEST_ERRORS.sandboxKeyNotAccepted };
const PRODUCTION_REFUSED: AuthFailure = { failure: REQUEST_ERRORS.productionKeyNotAccepted };

/**
 * `security.acceptedKeyTypes`: a gateway that serves only production (or only sandbox) traffic
 * refuses credentials of the other key type (spec §15). Other key types are not judged here:
 * endpoint selection answers them with "Invalid key type" (spec §7.3).
 */
export class KeyTypeAcceptance {
  private readonly production: boolean;
  private readonly sandbox: boolean;

  constructor(accepted: readonly string[]) {
    this.production = accepted.includes('PRODUCTION');
    this.sandbox = accepted.includes('SANDBOX');
  }

  /** The refusal for a credential of this key type, or undefined when it is served. */
  refusalOf(keyType: string): AuthFailure | undefined {
    if (keyType === 'PRODUCTION') return this.production ? undefined : PRODUCTION_REFUSED;
    if (keyType === 'SANDBOX') return this.sandbox ? undefined : SANDBOX_REFUSED;
    return undefined;
  }
}
