import { type KeyObject, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { VerificationClock } from '../jwt/verification-clock.js';
import type { TestKeySigningKey } from './test-key-signing-key.js';

/** The `aud` of every test token, as Choreo Connect writes it. */
export const TEST_TOKEN_AUDIENCE = 'http://org.wso2.apimgt/gateway';

/**
 * Issues the OAuth2 tokens of `POST /testkey` (spec §11.5): RS256 with the test key, `iss` =
 * `security.testKey.issuer`, `aud`, `keytype` PRODUCTION, `sub`, `scope`, `iat`,
 * `exp` = iat + `security.testKey.validitySeconds`, a fresh `jti`, and the key's `kid`. The JWT
 * verifier trusts `issuer` with `publicKey` (see TEST_KEY_PROVIDERS).
 */
export class TestTokenIssuer {
  constructor(
    /** The `iss` of the tokens. */
    readonly issuer: string,
    private readonly key: TestKeySigningKey,
    private readonly validitySeconds: number,
    private readonly clock: VerificationClock = new VerificationClock(),
  ) {}

  /** Verifies the tokens' signatures. */
  get publicKey(): KeyObject {
    return this.key.publicKey;
  }

  get publicKeyPem(): string {
    return this.key.publicKeyPem;
  }

  get kid(): string {
    return this.key.kid;
  }

  issue(subject: string, scope: string): string {
    const iat = Math.floor(this.clock.now() / 1000);
    const claims = {
      iss: this.issuer,
      sub: subject,
      aud: TEST_TOKEN_AUDIENCE,
      keytype: 'PRODUCTION',
      scope,
      iat,
      exp: iat + this.validitySeconds,
      jti: randomUUID(),
    };
    return jwt.sign(claims, this.key.privateKey, { algorithm: 'RS256', keyid: this.key.kid });
  }
}
