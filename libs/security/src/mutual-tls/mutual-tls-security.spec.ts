import { X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import { type ApiDefinition, type AuthFailure, type AuthResult, REQUEST_ERRORS, type SecurityRequest } from '#core';
// Real certificates from the test kit, by file: #testing would load the whole gateway into these unit tests.
// eslint-disable-next-line no-restricted-imports
import { generateTestKeyPair, selfSignedCertificatePem } from '../../../testing/src/token-kit.js';
import { apiOf, answerOf, openApi3 } from '../test-api.spec-support.js';
import { caller, compiled, request, TokenTable, type Verifiers } from '../verifier-doubles.spec-support.js';
import { MUTUAL_TLS_WWW_AUTHENTICATE } from './mutual-tls-realm.js';

const TOKEN = 'head.alice.sig';
const OAUTH = { type: 'oauth2', flows: { implicit: { authorizationUrl: 'https://idp.example/authorize', scopes: {} } } };
const MISSING = { status: 401, code: '900901', description: REQUEST_ERRORS.missingCredentials.description };
const INVALID_CERTIFICATE = { status: 401, code: '900900', description: 'Invalid client certificate' };

let gold: string;
let stranger: string;

beforeAll(async () => {
  [gold, stranger] = await Promise.all([
    selfSignedCertificatePem(generateTestKeyPair('P-256'), 'CN=gold client'),
    selfSignedCertificatePem(generateTestKeyPair('P-256'), 'CN=stranger'),
  ]);
});

function mtlsApi(mutualSsl: ApiDefinition['mutualSsl'], applicationSecurityMandatory = false): ApiDefinition {
  return apiOf(openApi3({ oauth: OAUTH }, { '/pets': { security: [{ oauth: [] }] } }), {
    mutualSsl,
    applicationSecurityMandatory,
    clientCertificates: [{ alias: 'gold-client', tierName: 'Gold', pem: gold }],
  });
}

/** The certificate as a TLS socket reports it: its DER in `raw`. */
function withCertificate(der: Buffer | string, headers: Record<string, string> = {}): SecurityRequest {
  const raw = typeof der === 'string' ? new X509Certificate(der).raw : der;
  return { ...request(headers), clientCertificate: { raw } as PeerCertificate };
}

function authenticate(api: ApiDefinition, req: SecurityRequest, verifiers: Verifiers = {}): AuthResult | Promise<AuthResult> {
  return compiled(api, '/pets', verifiers).security.authenticate(req);
}

const realmOf = (result: AuthResult | Promise<AuthResult>): string | undefined => (result as AuthFailure).wwwAuthenticate;

describe('mandatory mutual TLS, application security not mandatory (spec §11.8)', () => {
  const api = (): ApiDefinition => mtlsApi('mandatory');

  it('the API certificate alone authenticates: mutual-tls, PRODUCTION, its tier', () => {
    const tokens = new TokenTable({ [TOKEN]: caller('jwt') });
    expect(authenticate(api(), withCertificate(gold, { authorization: `Bearer ${TOKEN}` }), { tokens })).toEqual({
      scheme: 'mutual-tls',
      keyType: 'PRODUCTION',
      subject: 'gold-client',
      scopes: [],
      claims: { alias: 'gold-client', tierName: 'Gold' },
    });
    expect(tokens.asked).toEqual([]);
  });

  it('no certificate: 401 900901 naming the Mutual SSL realm, even with a valid token', () => {
    const tokens = new TokenTable({ [TOKEN]: caller('jwt') });
    const result = authenticate(api(), request({ authorization: `Bearer ${TOKEN}` }), { tokens });
    expect(answerOf(result)).toEqual(MISSING);
    expect(realmOf(result)).toBe(MUTUAL_TLS_WWW_AUTHENTICATE);
    expect(MUTUAL_TLS_WWW_AUTHENTICATE).toBe('Mutual SSL realm="Choreo Connect", Bearer realm="Choreo Connect", error="invalid_token", error_description="The provided token is invalid"');
  });

  it('another certificate: 401 900901', () => {
    const result = authenticate(api(), withCertificate(stranger));
    expect(answerOf(result)).toEqual(MISSING);
    expect(realmOf(result)).toBe(MUTUAL_TLS_WWW_AUTHENTICATE);
  });

  it.each([
    ['bytes that are no certificate', Buffer.from('not a certificate')],
    ['an empty DER', Buffer.alloc(0)],
  ])('%s: 401 900900 Invalid client certificate', (_name, der) => {
    const result = authenticate(api(), withCertificate(der));
    expect(answerOf(result)).toEqual(INVALID_CERTIFICATE);
    expect(realmOf(result)).toBe(MUTUAL_TLS_WWW_AUTHENTICATE);
  });

  it('a gateway serving sandbox keys only refuses mTLS-only callers, who are production callers', () => {
    const result = authenticate(api(), withCertificate(gold), { security: { acceptedKeyTypes: ['SANDBOX'] } });
    expect(answerOf(result)).toEqual({ status: 401, code: '900901', description: REQUEST_ERRORS.productionKeyNotAccepted.description });
    expect(realmOf(result)).toBe(MUTUAL_TLS_WWW_AUTHENTICATE);
  });

  it('strips the forwarded-certificate header with the credential headers', () => {
    expect(compiled(api(), '/pets').security.strippedHeaders).toEqual(['internal-key', 'authorization', 'x-wso2-client-certificate']);
  });
});

describe('mandatory mutual TLS and mandatory application security: both are needed', () => {
  const api = (): ApiDefinition => mtlsApi('mandatory', true);

  it('certificate and token: the token caller', () => {
    const tokens = new TokenTable({ [TOKEN]: caller('jwt') });
    expect(authenticate(api(), withCertificate(gold, { authorization: `Bearer ${TOKEN}` }), { tokens })).toMatchObject({ scheme: 'jwt', subject: 'jwt-user' });
  });

  it('certificate without a token: 401 900901 with the Mutual SSL realm', () => {
    const result = authenticate(api(), withCertificate(gold));
    expect(answerOf(result)).toEqual(MISSING);
    expect(realmOf(result)).toBe(MUTUAL_TLS_WWW_AUTHENTICATE);
  });

  it('token without a certificate: 401 900901, the token never verified', () => {
    const tokens = new TokenTable({ [TOKEN]: caller('jwt') });
    expect(answerOf(authenticate(api(), request({ authorization: `Bearer ${TOKEN}` }), { tokens }))).toEqual(MISSING);
    expect(tokens.asked).toEqual([]);
  });

  it('a token refused after a pending verification still names the Mutual SSL realm', async () => {
    const tokens = new TokenTable({}, 'async');
    const result = await authenticate(api(), withCertificate(gold, { authorization: `Bearer ${TOKEN}` }), { tokens });
    expect(answerOf(result)).toEqual({ status: 401, code: '900901', description: REQUEST_ERRORS.invalidCredentials.description });
    expect(realmOf(result)).toBe(MUTUAL_TLS_WWW_AUTHENTICATE);
  });
});

describe('optional mutual TLS: application security decides', () => {
  const api = (): ApiDefinition => mtlsApi('optional');

  it.each(['no certificate', 'another certificate'])('%s and a token: the token caller', (which) => {
    const tokens = new TokenTable({ [TOKEN]: caller('jwt') });
    const headers = { authorization: `Bearer ${TOKEN}` };
    const req = which === 'no certificate' ? request(headers) : withCertificate(stranger, headers);
    expect(authenticate(api(), req, { tokens })).toMatchObject({ scheme: 'jwt' });
  });

  it('the right certificate without a token: 401 900901 with the Mutual SSL realm', () => {
    const result = authenticate(api(), withCertificate(gold));
    expect(answerOf(result)).toEqual(MISSING);
    expect(realmOf(result)).toBe(MUTUAL_TLS_WWW_AUTHENTICATE);
  });
});

describe('an API without mutual TLS', () => {
  it('keeps the default challenge: no wwwAuthenticate on its failures, no certificate header stripped', () => {
    const security = compiled(mtlsApi('none'), '/pets').security;
    expect(realmOf(security.authenticate(withCertificate(gold)))).toBeUndefined();
    expect(security.strippedHeaders).not.toContain('x-wso2-client-certificate');
  });
});
