import { REQUEST_ERRORS } from '#core';
import { answerOf, apiOf, ccDefinition, describeWithCcFixtures, noProblems, openApi3, resourceOf } from './test-api.spec-support.js';
import { ApiKeyTable, caller, compiled, compilerWith, InternalKeyTable, request, TokenTable } from './verifier-doubles.spec-support.js';

const TOKEN = 'head.alice.sig';
const tokens = (): TokenTable => new TokenTable({ [TOKEN]: caller('jwt') });
const OAUTH = { type: 'oauth2', flows: { implicit: { authorizationUrl: 'https://idp.example/authorize', scopes: {} } } };
const MISSING = { status: 401, code: '900901', description: REQUEST_ERRORS.missingCredentials.description };

describeWithCcFixtures('security disabled or not needed (spec §11.6, §10.6)', () => {
  const api = apiOf(ccDefinition('disable_security_openAPI.yaml'));

  // Path item level, operation level, `x-auth-type: None`.
  it.each(['/echo-full', '/echo', '/pet/findByTags'])('%s is not secured and strips nothing', (path) => {
    const { security } = compiled(api, path);
    expect(security).toMatchObject({ secured: false, strippedHeaders: [], strippedQueryParameters: [] });
    expect(security.authenticate(request())).toMatchObject({ scheme: 'none', keyType: 'PRODUCTION' });
  });

  it('an operation of the same API without the extension needs a credential', () => {
    expect(compiled(api, '/pet/findByStatus').security.secured).toBe(true);
  });
});

describe('security disabled at the API level', () => {
  it('x-wso2-disable-security: true at the root disables every operation; false on the operation keeps it', () => {
    const api = apiOf(openApi3({}, { '/open': {}, '/closed': { extensions: { 'x-wso2-disable-security': false } } }, { 'x-wso2-disable-security': true }));
    expect(compiled(api, '/open').security.secured).toBe(false);
    expect(compiled(api, '/closed').security.secured).toBe(true);
  });
});

describe('prototyped APIs (spec §10.6)', () => {
  const document = openApi3({ oauth: OAUTH }, { '/pets': { security: [{ oauth: [] }] } });

  it('lifecycle PROTOTYPED: no credential needed, production key type', () => {
    const { security } = compiled(apiOf(document, { lifecycle: 'PROTOTYPED', prototyped: true, endpoints: {} }), '/pets');
    expect(security.secured).toBe(false);
    expect(security.authenticate(request())).toMatchObject({ scheme: 'none', keyType: 'PRODUCTION' });
  });

  it('a prototyped mock API is still authenticated', () => {
    const api = apiOf(document, { lifecycle: 'PROTOTYPED', prototyped: true, connector: { type: 'mock', options: {} } });
    expect(compiled(api, '/pets').security.secured).toBe(true);
  });
});

describe('requirements of an operation', () => {
  it('no requirement at all: an OAuth2 bearer token in Authorization is required', () => {
    const verifier = tokens();
    const { security, problems } = compiled(apiOf(openApi3({}, { '/pets': {} })), '/pets', { tokens: verifier });
    expect(answerOf(security.authenticate(request()))).toEqual(MISSING);
    expect(security.authenticate(request({ authorization: `Bearer ${TOKEN}` }))).toMatchObject({ scheme: 'jwt', subject: 'jwt-user' });
    expect(verifier.apis[0]).toEqual({ name: 'Shop', version: '1.0.0', basePath: '/security-test' });
    expect(problems).toEqual({ errors: [], warnings: [] });
  });

  it('an empty requirement {} grants no anonymous access: warning, then OAuth2', () => {
    const { security, problems } = compiled(apiOf(openApi3({}, { '/pets': { security: [{}] } })), '/pets');
    expect(problems.warnings.map((p) => [p.code, p.location])).toEqual([['security.requirement-empty', '/paths/~1pets/get']]);
    expect(answerOf(security.authenticate(request()))).toEqual(MISSING);
  });

  it('a scheme the gateway cannot verify is a deploy error naming it, reported once per scheme', () => {
    const schemes = { basicAuth: { type: 'http', scheme: 'basic' }, cookieKey: { type: 'apiKey', in: 'cookie', name: 'k' }, oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://idp.example/.well-known' } };
    const api = apiOf(openApi3(schemes, { '/a': { security: [{ basicAuth: [] }, { cookieKey: [] }, { oidc: [] }] }, '/b': { security: [{ basicAuth: [] }] } }));
    // One deploy, one list: /b names basicAuth again.
    const problems = noProblems();
    const compiler = compilerWith();
    for (const path of ['/a', '/b']) compiler.compile(api, resourceOf(api, path).resource, resourceOf(api, path).operation, problems);
    expect(problems.errors.map((p) => [p.code, p.location])).toEqual([
      ['security.scheme-unsupported', '/components/securitySchemes/basicAuth'],
      ['security.scheme-unsupported', '/components/securitySchemes/cookieKey'],
      ['security.scheme-unsupported', '/components/securitySchemes/oidc'],
    ]);
    expect(problems.errors[0]!.message).toBe('security scheme "basicAuth": type http (scheme "basic") is not verified by the gateway; use an oauth2 scheme for bearer JWTs');
    expect(problems.errors[2]!.message).toContain('security.issuers');
  });

  it('openIdConnect is a bearer JWT once a token issuer is configured', () => {
    const api = apiOf(openApi3({ oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://idp.example/.well-known' } }, { '/a': { security: [{ oidc: [] }] } }));
    const issuers = [{ name: 'idp', issuer: 'https://idp.example', consumerKeyClaim: 'azp', validateSubscription: false, claimMappings: [] }];
    const { security, problems } = compiled(api, '/a', { tokens: tokens(), security: { issuers } });
    expect(problems.errors).toEqual([]);
    expect(security.authenticate(request({ authorization: `Bearer ${TOKEN}` }))).toMatchObject({ scheme: 'jwt' });
  });
});

describe('undefined schemes', () => {
  it('a requirement naming an undefined scheme is dropped with a warning; the others stay', () => {
    const api = apiOf(openApi3({ oauth: OAUTH }, { '/pets': { security: [{ ghost: [] }, { oauth: [], phantom: [] }, { oauth: [] }] } }));
    const { security, problems } = compiled(api, '/pets', { tokens: tokens() });
    expect(problems.errors).toEqual([]);
    expect(problems.warnings).toEqual([
      { code: 'security.scheme-unknown', message: 'GET /pets: security requirement dropped: scheme "ghost" is not defined', location: '/paths/~1pets/get' },
      { code: 'security.scheme-unknown', message: 'GET /pets: security requirement dropped: scheme "phantom" is not defined', location: '/paths/~1pets/get' },
    ]);
    expect(security.authenticate(request({ authorization: `Bearer ${TOKEN}` }))).toMatchObject({ scheme: 'jwt' });
  });
});

describeWithCcFixtures('three API key schemes ORed (fixture api_key_swagger_security_openAPI.yaml)', () => {
  const api = apiOf(ccDefinition('api_key_swagger_security_openAPI.yaml'));
  const KEY = 'head.key.sig';
  const apiKeys = (): ApiKeyTable => new ApiKeyTable({ [KEY]: caller('api-key') });

  it('query x-api-key, header X-APIKEY (any case) or query X-ApiKey-Q (exact case) each authenticate', () => {
    const { security, problems } = compiled(api, '/pet/{petId}', { apiKeys: apiKeys() });
    expect(problems).toEqual({ errors: [], warnings: [] });
    expect(security.authenticate(request({}, `x-api-key=${KEY}`))).toMatchObject({ scheme: 'api-key' });
    expect(security.authenticate(request({ 'x-apikey': KEY }))).toMatchObject({ scheme: 'api-key' });
    expect(security.authenticate(request({}, `X-ApiKey-Q=${KEY}`))).toMatchObject({ scheme: 'api-key' });
    expect(answerOf(security.authenticate(request({}, `x-apikey-q=${KEY}`)))).toEqual(MISSING);
  });

  it('strips every API key location the API declares', () => {
    const { security } = compiled(api, '/pet/{petId}', { apiKeys: apiKeys() });
    expect(security.strippedHeaders).toEqual(['internal-key', 'authorization', 'x-api-key-header', 'x-apikey']);
    expect(security.strippedQueryParameters).toEqual(['x-api-key', 'X-ApiKey-Q']);
  });
});

describe('internal keys', () => {
  const api = apiOf(openApi3({}, { '/pets': {} }));

  it('are tried only when the internal-key verifier is enabled', () => {
    const disabled = new InternalKeyTable({ 'i.k.ey': caller('internal-key') }, false);
    const { security } = compiled(api, '/pets', { internalKeys: disabled });
    expect(answerOf(security.authenticate(request({ 'internal-key': 'i.k.ey' })))).toEqual(MISSING);
    expect(disabled.asked).toEqual([]);
  });

  it('are read from the configured header', () => {
    const internalKeys = new InternalKeyTable({ 'i.k.ey': caller('internal-key') });
    const { security } = compiled(api, '/pets', { internalKeys, security: { internalKey: { header: 'X-Test-Console' } } });
    expect(security.authenticate(request({ 'x-test-console': 'i.k.ey' }))).toMatchObject({ scheme: 'internal-key' });
    expect(security.strippedHeaders).toContain('x-test-console');
  });
});
