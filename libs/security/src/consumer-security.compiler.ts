import { Injectable } from '@nestjs/common';
import {
  type ApiDefinition,
  type CompileProblems,
  type Operation,
  type OperationSecurity,
  REQUEST_ERRORS,
  type Resource,
  type SecurityCompiler,
} from '#core';
import { GatewaySettings } from '#settings';
import { buildAuthenticatorChain } from './authenticator-chain.js';
import { AccessTokenVerifier, ApiKeyVerifier, InternalKeyVerifier } from './credential-verifiers.js';
import { KeyTypeAcceptance } from './key-type-acceptance.js';
import { ClientCertificateTrust } from './mutual-tls/client-certificate-trust.js';
import { MutualTlsSecurity } from './mutual-tls/mutual-tls-security.js';
import { OperationSecurityHandler } from './operation-security-handler.js';
import { resolveRequirements } from './operation-requirements.js';
import { type SchemeTable, schemeTableOf } from './scheme-table.js';
import { anonymousCaller, UnsecuredOperation } from './unsecured-operation.js';

/**
 * Compiles each operation's consumer security at deploy time (spec §11): which credentials, in
 * which order, which scopes, which headers to strip. What runs per request is the handler it
 * returns; nothing here is looked up again per request.
 */
@Injectable()
export class ConsumerSecurityCompiler implements SecurityCompiler {
  private readonly keyTypes: KeyTypeAcceptance;
  private readonly gatewayAuthHeader: string;
  private readonly internalKeyHeader: string;
  private readonly tokenIssuersConfigured: boolean;
  private readonly certificateHeader: string;
  /** Each API's certificates are fingerprinted once, however many operations it has. */
  private readonly certificateTrust = new WeakMap<ApiDefinition, ClientCertificateTrust>();

  constructor(
    settings: GatewaySettings,
    private readonly accessTokens: AccessTokenVerifier,
    private readonly apiKeys: ApiKeyVerifier,
    private readonly internalKeys: InternalKeyVerifier,
  ) {
    const security = settings.security;
    this.keyTypes = new KeyTypeAcceptance(security.acceptedKeyTypes);
    this.gatewayAuthHeader = security.authorizationHeader.toLowerCase();
    this.internalKeyHeader = security.internalKey.header.toLowerCase();
    this.tokenIssuersConfigured = security.issuers.length > 0 || security.testKey.enabled;
    this.certificateHeader = security.mutualSsl.certificateHeader.toLowerCase();
  }

  compile(api: ApiDefinition, resource: Resource, operation: Operation, problems: CompileProblems): OperationSecurity {
    if (operation.disableSecurity) return new UnsecuredOperation(anonymousCaller(api, resource, false));
    // Spec §10.6: a prototyped API is called without credentials, unless it is a mock API.
    if (api.prototyped && api.connector.type !== 'mock') return new UnsecuredOperation(anonymousCaller(api, resource, true));

    const table = schemeTableOf(api, this.tokenIssuersConfigured);
    const requirements = resolveRequirements(resource, operation, table, problems);
    const authHeader = this.authHeaderOf(api);
    const chain = buildAuthenticatorChain(requirements, {
      api: { name: api.name, version: api.version, basePath: api.basePath },
      authHeader,
      internalKeyHeader: this.internalKeys.enabled ? this.internalKeyHeader : undefined,
      accessTokens: this.accessTokens,
      apiKeys: this.apiKeys,
      internalKeys: this.internalKeys,
      scopeFailure: {
        failure: REQUEST_ERRORS.scopeMissing,
        description: `User is NOT authorized to access the Resource: ${resource.path}. Scope validation failed.`,
      },
    });
    const stripped = strippedCredentials(table, [this.internalKeyHeader, authHeader]);
    const application = new OperationSecurityHandler(chain, this.keyTypes, stripped.headers, stripped.queryParameters);
    if (api.mutualSsl === 'none') return application;
    return new MutualTlsSecurity(this.trustOf(api), api.mutualSsl, api.applicationSecurityMandatory, application, this.keyTypes, this.certificateHeader);
  }

  private trustOf(api: ApiDefinition): ClientCertificateTrust {
    let trust = this.certificateTrust.get(api);
    if (trust === undefined) {
      trust = new ClientCertificateTrust(api.clientCertificates);
      this.certificateTrust.set(api, trust);
    }
    return trust;
  }

  /** The API's own header (`x-wso2-auth-header`, api.yaml), else the gateway's `security.authorizationHeader`. */
  private authHeaderOf(api: ApiDefinition): string {
    return api.authHeader ?? this.gatewayAuthHeader;
  }
}

/**
 * Credentials never reach the backend (spec §5.6, §11.3, §11.4, §11.7): the internal-key and
 * OAuth2 headers, and every API key location the API declares, used by this operation or not.
 */
function strippedCredentials(table: SchemeTable, headers: readonly string[]): { headers: string[]; queryParameters: string[] } {
  const headerSet = new Set(headers);
  const querySet = new Set<string>();
  for (const scheme of table.schemes.values()) {
    if (scheme.kind !== 'api-key') continue;
    if (scheme.in === 'header') headerSet.add(scheme.name);
    else querySet.add(scheme.name);
  }
  return { headers: [...headerSet], queryParameters: [...querySet] };
}
