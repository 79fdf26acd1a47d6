import { type AuthFailure, type AuthResult, isAuthFailure, type MutualSslMode, type OperationSecurity, type SecurityRequest } from '#core';
import type { KeyTypeAcceptance } from '../key-type-acceptance.js';
import type { ClientCertificateTrust } from './client-certificate-trust.js';
import { MUTUAL_TLS_WWW_AUTHENTICATE } from './mutual-tls-realm.js';

/**
 * The security of one operation of an API with mutual TLS (spec §11.1 step 2, §11.8). The
 * certificate is checked before any application credential:
 * - mandatory, application security not mandatory: the certificate alone authenticates;
 * - mandatory, application security mandatory: the certificate, then the application chain;
 * - optional: application security is mandatory anyway (spec §11.1), so it alone decides and a
 *   certificate problem is ignored.
 */
export class MutualTlsSecurity implements OperationSecurity {
  readonly secured = true;
  readonly strippedHeaders: readonly string[];
  readonly strippedQueryParameters: readonly string[];
  readonly wwwAuthenticate = MUTUAL_TLS_WWW_AUTHENTICATE;
  private readonly certificateNeeded: boolean;
  private readonly applicationNeeded: boolean;
  /** Set when the gateway refuses production callers: an mTLS-only caller is one (spec §15). */
  private readonly refusal: AuthFailure | undefined;

  constructor(
    private readonly trust: ClientCertificateTrust,
    mode: Exclude<MutualSslMode, 'none'>,
    applicationSecurityMandatory: boolean,
    private readonly application: OperationSecurity,
    keyTypes: KeyTypeAcceptance,
    /** Lower case; a trusted proxy's certificate header never reaches the backend. */
    certificateHeader: string,
  ) {
    this.certificateNeeded = mode === 'mandatory';
    this.applicationNeeded = mode === 'optional' || applicationSecurityMandatory;
    const refusal = keyTypes.refusalOf('PRODUCTION');
    this.refusal = refusal && withRealm(refusal);
    this.strippedHeaders = application.strippedHeaders.includes(certificateHeader) ? application.strippedHeaders : [...application.strippedHeaders, certificateHeader];
    this.strippedQueryParameters = application.strippedQueryParameters;
  }

  authenticate(request: SecurityRequest): AuthResult | Promise<AuthResult> {
    if (this.certificateNeeded) {
      const caller = this.trust.check(request.clientCertificate);
      if (isAuthFailure(caller)) return caller;
      if (!this.applicationNeeded) return this.refusal ?? caller;
    }
    const result = this.application.authenticate(request);
    return result instanceof Promise ? result.then(realmOnFailure) : realmOnFailure(result);
  }
}

function realmOnFailure(result: AuthResult): AuthResult {
  return isAuthFailure(result) ? withRealm(result) : result;
}

function withRealm(failure: AuthFailure): AuthFailure {
  return failure.wwwAuthenticate === MUTUAL_TLS_WWW_AUTHENTICATE ? failure : { ...failure, wwwAuthenticate: MUTUAL_TLS_WWW_AUTHENTICATE };
}
