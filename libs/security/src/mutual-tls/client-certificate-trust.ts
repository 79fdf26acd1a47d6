import { createHash, X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import { type AuthFailure, type AuthResult, type ClientCertificate, type Principal, REQUEST_ERRORS } from '#core';
import { MUTUAL_TLS_WWW_AUTHENTICATE } from './mutual-tls-realm.js';

/** Missing or untrusted certificate: the generic 900901, as Choreo Connect answers (spec §11.8). */
const UNTRUSTED: AuthFailure = { failure: REQUEST_ERRORS.missingCredentials, wwwAuthenticate: MUTUAL_TLS_WWW_AUTHENTICATE };
const UNPARSABLE: AuthFailure = { failure: REQUEST_ERRORS.invalidClientCertificate, wwwAuthenticate: MUTUAL_TLS_WWW_AUTHENTICATE };

/**
 * The client certificates one API accepts, by the SHA-256 of their DER (computed at deploy time).
 * A presented certificate is hashed once and looked up; only one that matches nothing is parsed,
 * to tell an untrusted certificate (900901) from garbage (900900).
 */
export class ClientCertificateTrust {
  private readonly byFingerprint = new Map<string, Principal>();

  /** `certificates` were checked to be PEM when the project was read. */
  constructor(certificates: readonly ClientCertificate[]) {
    for (const { alias, tierName, pem } of certificates) {
      const der = new X509Certificate(pem).raw;
      const fingerprint = fingerprintOf(der);
      if (this.byFingerprint.has(fingerprint)) continue;
      // mTLS-only callers use the production endpoints (spec §7.1); the tier is the certificate's.
      const claims = tierName === undefined ? { alias } : { alias, tierName };
      this.byFingerprint.set(fingerprint, Object.freeze({ scheme: 'mutual-tls', keyType: 'PRODUCTION', subject: alias, scopes: [], claims }));
    }
  }

  /** The caller the certificate identifies, or why it is refused. */
  check(certificate: PeerCertificate | undefined): AuthResult {
    const der = certificate?.raw;
    if (der === undefined || der.length === 0) return certificate === undefined ? UNTRUSTED : UNPARSABLE;
    const caller = this.byFingerprint.get(fingerprintOf(der));
    if (caller !== undefined) return caller;
    return parses(der) ? UNTRUSTED : UNPARSABLE;
  }
}

function fingerprintOf(der: Buffer): string {
  return createHash('sha256').update(der).digest('base64');
}

function parses(der: Buffer): boolean {
  try {
    new X509Certificate(der);
    return true;
  } catch {
    return false;
  }
}
