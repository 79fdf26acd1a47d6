import { Injectable } from '@nestjs/common';
import {
  type ApiDefinition,
  type BackendAuth,
  type BackendCredentials,
  type BackendJwt,
  type BackendSecurityCompiler,
  type CompileProblems,
  type EndpointSet,
  type EndpointUrl,
  type Secret,
} from '#core';
import { BackendSecrets, GatewaySettings, readEndpointHost, UpstreamDestinationPolicy } from '#settings';
import { BackendTls } from '#upstream';
import { ApiKeyCredentials, BasicCredentials, OAuth2Credentials } from './credentials/index.js';
import { BackendJwtIssuer, BackendJwtKeys } from './jwt/index.js';

/** Where a secret sits in messages: the field the definition named it in. */
const SECRET_FIELDS: Readonly<Record<BackendAuth['type'], readonly [string, string]>> = {
  BASIC: ['password', 'passwordEnv'],
  API_KEY: ['value', 'valueEnv'],
  OAUTH2: ['clientSecret', 'clientSecretEnv'],
};

/**
 * Compiles an API's backend-side security at deploy time (spec §12, §13): the credentials object
 * of each cluster (secrets from the environment resolved now, so a missing one refuses the
 * deploy) and the API's backend JWT issuer.
 */
@Injectable()
export class BackendSecurityPlanner implements BackendSecurityCompiler {
  constructor(
    private readonly settings: GatewaySettings,
    private readonly secrets: BackendSecrets,
    private readonly destinations: UpstreamDestinationPolicy,
    private readonly tls: BackendTls,
    private readonly keys: BackendJwtKeys,
  ) {}

  backendJwt(api: ApiDefinition, _problems: CompileProblems): BackendJwt | undefined {
    const gateway = this.settings.backendJwt;
    const own = api.backendJwt;
    if (!(own?.enabled ?? gateway.enabled)) return undefined;
    return new BackendJwtIssuer(
      api,
      {
        header: own?.header ?? gateway.header,
        issuer: gateway.issuer,
        claimDialect: gateway.claimDialect,
        tokenTtlSeconds: own?.tokenTtlSeconds ?? gateway.tokenTtlSeconds,
        useKid: gateway.useKid,
        cacheSize: gateway.cacheSize,
      },
      this.keys,
    );
  }

  credentials(_api: ApiDefinition, set: EndpointSet, problems: CompileProblems): BackendCredentials | undefined {
    const auth = set.security;
    if (auth === undefined) return undefined;
    const secret = this.resolve(auth, set, problems);
    if (secret === undefined) return undefined;
    switch (auth.type) {
      case 'BASIC':
        return new BasicCredentials(auth.username, secret);
      case 'API_KEY':
        return new ApiKeyCredentials(auth.in, auth.name, secret);
      case 'OAUTH2':
        return this.oauth2(auth, secret, set, problems);
    }
  }

  private oauth2(auth: BackendAuth & { type: 'OAUTH2' }, clientSecret: string, set: EndpointSet, problems: CompileProblems): BackendCredentials | undefined {
    const url = new URL(auth.tokenUrl);
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    const readHost = readEndpointHost(host);
    const denial = readHost.kind === 'invalid' ? { reason: `host "${host}" is not valid` } : this.destinations.checkEndpoint(readHost, port);
    if (denial) {
      problems.errors.push({ code: 'endpoint.destination-denied', message: `token endpoint ${auth.tokenUrl} of ${set.name} is refused: ${denial.reason}`, location: `${set.location}/securityConfig/tokenUrl` });
      return undefined;
    }
    const endpoint: EndpointUrl = { rawUrl: auth.tokenUrl, scheme: url.protocol === 'https:' ? 'https' : 'http', host, port, basePath: '' };
    const { type: _type, clientSecret: _secret, ...client } = auth;
    return new OAuth2Credentials({ ...client, clientSecret }, this.destinations, this.tls.connectionOptions(endpoint, undefined), this.settings.upstream.connectTimeoutMs);
  }

  /** The set's secret, read from the environment when the definition names a variable. */
  private resolve(auth: BackendAuth, set: EndpointSet, problems: CompileProblems): string | undefined {
    const secret: Secret = auth.type === 'BASIC' ? auth.password : auth.type === 'API_KEY' ? auth.value : auth.clientSecret;
    if ('value' in secret) return secret.value;
    const read = this.secrets.read(secret.env);
    if ('value' in read) return read.value;
    const field = SECRET_FIELDS[auth.type][1];
    const why = read.problem === 'missing' ? 'is not set' : `does not start with upstream.secretEnvPrefix (${this.secrets.prefix}), so it cannot be read`;
    problems.errors.push({
      code: 'endpoint.secret-unavailable',
      message: `environment variable ${secret.env} named by securityConfig.${field} of ${set.name} ${why}`,
      location: `${set.location}/securityConfig/${field}`,
    });
    return undefined;
  }
}
