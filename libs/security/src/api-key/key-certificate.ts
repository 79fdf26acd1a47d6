import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { type GatewaySettings, resolveSettingsPath } from '#settings';
import { readIssuerPublicKey } from '../jwt/issuer-public-key.js';
import { ACCESS_TOKEN_ALGORITHMS } from '../jwt/issuer-strategy.js';

/** What checking a key's signature and expiry found. */
export type KeyCheck =
  | { readonly kind: 'valid'; readonly claims: Readonly<Record<string, unknown>>; readonly expiresAtMs?: number }
  /** Not three decodable parts, a bad signature, an algorithm the key does not allow, a malformed `exp`. */
  | { readonly kind: 'invalid' }
  | { readonly kind: 'expired' };

/**
 * The certificate (or public key) that verifies keys issued by API Manager: API keys (spec
 * §11.3) and internal keys (§11.4). Read once at start, as issuer certificates are (a problem
 * stops the start naming the setting); checking is synchronous. The algorithms are those of
 * access tokens: asymmetric only, so neither `none` nor an HS256 token "signed" with the public
 * certificate as its secret passes, and jsonwebtoken refuses an algorithm that does not fit the
 * key (RS* with an EC key, ES256 with a P-384 key).
 */
export class KeyCertificate {
  private constructor(private readonly key: KeyObject) {}

  /** Reads `file` (a path from the settings); `setting` is named in the StartupError of a problem. */
  static load(settings: GatewaySettings, setting: string, file: string): KeyCertificate {
    return new KeyCertificate(readIssuerPublicKey(resolveSettingsPath(settings, file), setting));
  }

  /**
   * Signature first, then `exp` when present (a key without `exp` does not expire), with
   * `skewSeconds` of tolerance. `nbf` is not checked, as in Choreo Connect.
   */
  check(token: string, nowMs: number, skewSeconds: number): KeyCheck {
    let payload: unknown;
    try {
      payload = jwt.verify(token, this.key, { algorithms: [...ACCESS_TOKEN_ALGORITHMS], ignoreExpiration: true, ignoreNotBefore: true });
    } catch {
      return { kind: 'invalid' };
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return { kind: 'invalid' };
    const claims = payload as Record<string, unknown>;
    if (claims.exp === undefined) return { kind: 'valid', claims };
    if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) return { kind: 'invalid' };
    const expiresAtMs = (claims.exp + skewSeconds) * 1000;
    return nowMs >= expiresAtMs ? { kind: 'expired' } : { kind: 'valid', claims, expiresAtMs };
  }
}
