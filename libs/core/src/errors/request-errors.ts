/**
 * The catalogue of errors the data plane answers with. Two body shapes exist, as in Choreo
 * Connect (spec §16): `policy` errors `{"error_message","code","error_description"}` and
 * `proxy` errors `{"code","message","description"}`. Codes 103xxx are Portico's own.
 */
export type ErrorShape = 'policy' | 'proxy';

export interface RequestErrorSpec {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly description: string;
  readonly shape: ErrorShape;
}

const proxy = (status: number, code: string, message: string, description: string): RequestErrorSpec => ({
  status,
  code,
  message,
  description,
  shape: 'proxy',
});
const policy = (status: number, code: string, message: string, description: string): RequestErrorSpec => ({
  status,
  code,
  message,
  description,
  shape: 'policy',
});

const CREDENTIALS_HINT = 'Make sure you have provided the correct security credentials';

export const REQUEST_ERRORS = {
  noRoute: proxy(404, '404', 'Not Found', 'The requested resource is not available.'),
  upstreamConnect: proxy(
    503,
    '102503',
    'Upstream connection failed',
    'upstream connect error or disconnect/reset before headers. reset reason: connection failure',
  ),
  upstreamTimeout: proxy(504, '102504', 'Upstream connection timeout', 'upstream request timeout'),
  upstreamOverflow: proxy(503, '102505', 'Upstream overflow', 'upstream admission limit reached'),
  upstreamNotConfigured: proxy(
    500,
    '102507',
    'Upstream not configured for the resource',
    'no endpoint is configured for the resource',
  ),
  upstreamReset: proxy(
    503,
    '102509',
    'Upstream connection reset by the remote',
    'upstream connect error or disconnect/reset before headers. reset reason: connection reset',
  ),
  upstreamTermination: proxy(
    503,
    '102510',
    'Upstream connection termination',
    'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
  ),
  upstreamProtocol: proxy(500, '102515', 'HTTP protocol error in upstream request', 'upstream sent an invalid HTTP response'),
  upstreamDestinationDenied: proxy(
    503,
    '102520',
    'Upstream destination denied',
    'The endpoint resolves to an address or port the gateway does not connect to (upstream.destinations).',
  ),
  backendCredentialsUnavailable: proxy(
    503,
    '103503',
    'Backend credentials unavailable',
    'The gateway could not obtain the credentials it sends to the backend.',
  ),
  payloadTooLarge: proxy(413, '103413', 'Payload too large', 'The request body exceeds the configured limit.'),
  headersTooLarge: proxy(431, '103431', 'Request header fields too large', 'The request headers exceed the configured limit.'),
  tooManyHeaders: proxy(431, '103432', 'Request header fields too large', 'The request carries more header fields than the configured limit.'),
  transferCodingUnsupported: proxy(501, '103501', 'Transfer coding not implemented', 'Only the chunked transfer coding is accepted.'),
  methodNotAllowed: proxy(405, '103405', 'Method not allowed', 'CONNECT is not accepted: the gateway is not a forward proxy.'),
  badRequest: proxy(400, '103400', 'Bad request', 'The request could not be parsed.'),
  badPathEncoding: proxy(400, '103460', 'Invalid request path', 'The request path has an invalid or forbidden percent-encoding.'),
  escapedSlash: proxy(400, '103461', 'Escaped slash in request path', 'The request path contains an escaped slash or backslash (%2F, %5C or \\).'),
  hiddenDotSegment: proxy(400, '103462', 'Invalid request path', 'A path segment hides a dot segment (. or ..) behind an escaped slash or a ";".'),
  badHost: proxy(400, '103470', 'Invalid Host header', 'The Host header is not a valid host[:port], or is sent more than once.'),
  missingHost: proxy(400, '103471', 'Missing Host header', 'HTTP/1.1 requests must carry a Host header.'),
  internal: proxy(500, '103500', 'Internal gateway error', 'The gateway failed to process the request.'),
  // REST-to-SOAP mediation (the `soap` connector); the descriptions are replaced by the specifics.
  soapRequestInvalid: proxy(400, '103480', 'Bad request', 'The request does not fit the input message of the SOAP operation.'),
  soapOperationUnmapped: proxy(501, '103511', 'Not implemented', 'The operation is not mapped to a SOAP operation (x-portico-soap).'),
  soapResponseInvalid: proxy(502, '103512', 'Bad SOAP response', 'The answer of the SOAP backend could not be read.'),
  missingCredentials: policy(
    401,
    '900901',
    'Invalid Credentials',
    'Make sure you have provided the correct security credentials',
  ),
  // Consumer security (spec §16.1, §7.3): the texts are Choreo Connect's, "sic" included.
  invalidCredentials: policy(401, '900901', 'Invalid Credentials', `Invalid Credentials. ${CREDENTIALS_HINT}`),
  notAJwt: policy(401, '900901', 'Invalid Credentials', `Not a JWT token. Failed to decode the token header. ${CREDENTIALS_HINT}`),
  apiKeyFailed: policy(401, '900901', 'Invalid Credentials', `API key authentication failed.. ${CREDENTIALS_HINT}`),
  noSandboxEndpoint: policy(401, '900901', 'Invalid Credentials', `Sandbox key offered to an API with no sandbox endpoint. ${CREDENTIALS_HINT}`),
  noProductionEndpoint: policy(401, '900901', 'Invalid Credentials', `Production key offered to an API with no production endpoint. ${CREDENTIALS_HINT}`),
  invalidKeyType: policy(401, '900901', 'Invalid Credentials', `Invalid key type.. ${CREDENTIALS_HINT}`),
  sandboxKeyNotAccepted: policy(401, '900901', 'Invalid Credentials', `Sandbox keys are not accepted by this gateway. ${CREDENTIALS_HINT}`),
  productionKeyNotAccepted: policy(401, '900901', 'Invalid Credentials', `Production keys are not accepted by this gateway. ${CREDENTIALS_HINT}`),
  unclassifiedAuthentication: policy(401, '900900', 'Unclassified Authentication Failure', 'Unclassified Authentication Failure'),
  invalidClientCertificate: policy(401, '900900', 'Unclassified Authentication Failure', 'Invalid client certificate'),
  resourceForbidden: policy(403, '900908', 'Resource forbidden ', 'Resource forbidden '),
  subscriptionValidationFailed: policy(
    403,
    '900908',
    'Resource forbidden ',
    'User is NOT authorized to access the Resource. API Subscription validation failed.',
  ),
  /** The description names the resource: `User is NOT authorized to access the Resource: /pets. Scope validation failed.` */
  scopeMissing: policy(403, '900910', 'The access token does not allow you to access the requested resource', 'Scope validation failed.'),
  mockBadPreference: policy(400, '900870', 'Bad Request', 'Invalid format for code preference'),
  mockNotImplemented: policy(501, '900871', 'Not Implemented', ''),
} as const satisfies Record<string, RequestErrorSpec>;

/** Serialises an error body in its shape; `description` overrides the catalogue text. */
export function requestErrorBody(spec: RequestErrorSpec, description: string = spec.description): string {
  return spec.shape === 'policy'
    ? JSON.stringify({ error_message: spec.message, code: spec.code, error_description: description })
    : JSON.stringify({ code: spec.code, message: spec.message, description });
}

/** Added to every 401 of the policy shape (spec §11.1). */
export const WWW_AUTHENTICATE_VALUE =
  'Bearer realm="Choreo Connect", error="invalid_token", error_description="The provided token is invalid"';
