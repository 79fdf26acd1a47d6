/**
 * A secret of a definition: written in it, or named as an environment variable of the gateway
 * (resolved at deploy time; a missing variable refuses the deploy).
 */
export type Secret = { readonly value: string } | { readonly env: string };

/** Basic auth towards the backend (spec §12), replacing the client's `Authorization`. */
export interface BackendBasicAuth {
  readonly type: 'BASIC';
  readonly username: string;
  readonly password: Secret;
}

/** An API key towards the backend, in a header or the query string (Portico extension). */
export interface BackendApiKeyAuth {
  readonly type: 'API_KEY';
  readonly in: 'header' | 'query';
  /** Header (lower case) or query parameter name. */
  readonly name: string;
  readonly value: Secret;
}

/** OAuth2 client credentials grant (RFC 6749 §4.4): a bearer token from `tokenUrl` (Portico extension). */
export interface BackendOAuth2Auth {
  readonly type: 'OAUTH2';
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: Secret;
  readonly scopes: readonly string[];
  /** Sent as the `audience` form parameter when set (Auth0, Okta and others ask for it). */
  readonly audience?: string;
  /** `basic`: client id and secret in an `Authorization: Basic` header (RFC 6749 §2.3.1 default); `body`: as form fields. */
  readonly clientAuthentication: 'basic' | 'body';
}

/** What the gateway authenticates with towards the backends of an endpoint set. */
export type BackendAuth = BackendBasicAuth | BackendApiKeyAuth | BackendOAuth2Auth;

/**
 * TLS towards the endpoints of one set beyond the gateway-wide `upstream.tls` (Portico's
 * `x-portico-tls`, spec §14.4).
 */
export interface EndpointTlsConfig {
  /** False: the backend certificate need not name the endpoint host (warned at deploy). */
  readonly verifyHostname?: boolean;
  /** The client certificate presented to these endpoints (mutual TLS), instead of the gateway-wide one. */
  readonly clientCertificate?: ClientKeyPair;
}

/**
 * A client certificate and its key: one configured in `upstream.tls.clientCertificates` by name,
 * or PEM files of the API project (checked at deploy: PEM, key matching the certificate).
 */
export type ClientKeyPair =
  | { readonly name: string }
  | {
      /** Project paths of the files, for messages. */
      readonly certificateFile: string;
      readonly keyFile: string;
      /** PEM certificate chain. */
      readonly certificate: string;
      /** PEM private key. */
      readonly key: string;
    };
