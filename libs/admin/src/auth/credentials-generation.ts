import { createHash, createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AdminCredentials } from './admin-credentials.js';
import { AdminTokenKey } from './admin-token-key.js';

/**
 * The generation of a user's credentials, carried by every admin token (`cred_gen`) and
 * compared when the token is used: a restart with that user's password changed, or the user
 * removed, revokes the tokens issued before. It is an HMAC keyed by the token signing key, so a
 * token's holder learns nothing from it about the password (not even enough to test guesses).
 */
@Injectable()
export class CredentialsGeneration {
  private readonly key: Buffer;
  private readonly byUser = new Map<string, string>();

  constructor(
    private readonly credentials: AdminCredentials,
    tokenKey: AdminTokenKey,
  ) {
    this.key = createHash('sha256').update('portico admin credentials generation\n').update(tokenKey.privateKeyPem).digest();
  }

  /** undefined: not a configured user, so no token of this name is valid. */
  of(username: string): string | undefined {
    const known = this.byUser.get(username);
    if (known !== undefined) return known;
    const credentials = this.credentials.credentialsOf(username);
    if (credentials === undefined) return undefined;
    const generation = createHmac('sha256', this.key).update(credentials).digest('base64url').slice(0, 22);
    this.byUser.set(username, generation);
    return generation;
  }
}
