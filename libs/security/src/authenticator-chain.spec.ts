import { type AuthResult, REQUEST_ERRORS, type RequestErrorSpec } from '#core';
import { answerOf, apiOf, ccDefinition, describeWithCcFixtures, openApi3 } from './test-api.spec-support.js';
import { ApiKeyTable, caller, compiled, InternalKeyTable, request, TokenTable } from './verifier-doubles.spec-support.js';

const TOKEN = 'head.alice.sig';
const BAD_TOKEN = 'head.mallory.sig';
const KEY = 'head.key.sig';
const BAD_KEY = 'head.forged.sig';
const INTERNAL = 'head.internal.sig';
const OAUTH = { type: 'oauth2', flows: { implicit: { authorizationUrl: 'https://idp.example/authorize', scopes: {} } } };
const HEADER_KEY = { type: 'apiKey', in: 'header', name: 'X-API-Key' };
const MISSING = { status: 401, code: '900901', description: REQUEST_ERRORS.missingCredentials.description };
const of = (spec: RequestErrorSpec): object => ({ status: spec.status, code: spec.code, description: spec.description });

function verifiers(timing: 'sync' | 'async' = 'sync') {
  return {
    tokens: new TokenTable({ [TOKEN]: caller('jwt'), [BAD_TOKEN]: { failure: REQUEST_ERRORS.notAJwt } }, timing),
    apiKeys: new ApiKeyTable({ [KEY]: caller('api-key'), [BAD_KEY]: { failure: REQUEST_ERRORS.apiKeyFailed } }, timing),
    internalKeys: new InternalKeyTable({ [INTERNAL]: caller('internal-key') }, true, timing),
  };
}

describe('OR of requirements, AND inside one (spec §11.1; Choreo Connect used only the first scheme)', () => {
  const api = apiOf(openApi3({ oauth: OAUTH, key: HEADER_KEY }, { '/or': { security: [{ oauth: [] }, { key: [] }] }, '/and': { security: [{ oauth: [], key: [] }] } }));

  it('OR: a failed token does not stop the API key of the second requirement', () => {
    const { security } = compiled(api, '/or', verifiers());
    expect(security.authenticate(request({ authorization: `Bearer ${BAD_TOKEN}`, 'x-api-key': KEY }))).toMatchObject({ scheme: 'api-key' });
  });

  it('OR: either credential alone is enough; with both, the token (earlier in the chain) is the caller', () => {
    const { security } = compiled(api, '/or', verifiers());
    expect(security.authenticate(request({ 'x-api-key': KEY }))).toMatchObject({ scheme: 'api-key' });
    expect(security.authenticate(request({ authorization: `Bearer ${TOKEN}`, 'x-api-key': KEY }))).toMatchObject({ scheme: 'jwt' });
  });

  it('AND: the token alone or the key alone is missing credentials; both pass', () => {
    const { security } = compiled(api, '/and', verifiers());
    expect(answerOf(security.authenticate(request({ authorization: `Bearer ${TOKEN}` })))).toEqual(MISSING);
    expect(answerOf(security.authenticate(request({ 'x-api-key': KEY })))).toEqual(MISSING);
    expect(security.authenticate(request({ authorization: `Bearer ${TOKEN}`, 'x-api-key': KEY }))).toMatchObject({ scheme: 'jwt' });
  });

  it('AND: a valid token with a forged key is refused with the key\'s error', () => {
    const { security } = compiled(api, '/and', verifiers());
    expect(answerOf(security.authenticate(request({ authorization: `Bearer ${TOKEN}`, 'x-api-key': BAD_KEY })))).toEqual(of(REQUEST_ERRORS.apiKeyFailed));
  });
});

describe('internal keys and the first error (spec §11.1, §11.4)', () => {
  const api = apiOf(openApi3({ oauth: OAUTH, key: HEADER_KEY }, { '/pets': { security: [{ oauth: [] }, { key: [] }] } }));

  it('a valid internal key wins over a token in Authorization, which is then not verified', () => {
    const v = verifiers();
    const { security } = compiled(api, '/pets', v);
    expect(security.authenticate(request({ 'internal-key': INTERNAL, authorization: `Bearer ${TOKEN}` }))).toMatchObject({ scheme: 'internal-key' });
    expect(v.tokens.asked).toEqual([]);
  });

  it('a refused internal key does not end the chain: a valid token after it passes', () => {
    const { security } = compiled(api, '/pets', verifiers());
    expect(security.authenticate(request({ 'internal-key': 'a.b.c', authorization: `Bearer ${TOKEN}` }))).toMatchObject({ scheme: 'jwt' });
  });

  it('when every credential fails, the first recorded error is the answer', () => {
    const { security } = compiled(api, '/pets', verifiers());
    const all = { 'internal-key': 'a.b.c', authorization: `Bearer ${BAD_TOKEN}`, 'x-api-key': BAD_KEY };
    expect(answerOf(security.authenticate(request(all)))).toEqual(of(REQUEST_ERRORS.invalidCredentials));
    const tokenAndKey = { authorization: `Bearer ${BAD_TOKEN}`, 'x-api-key': BAD_KEY };
    expect(answerOf(security.authenticate(request(tokenAndKey)))).toEqual(of(REQUEST_ERRORS.notAJwt));
  });

  it('an internal key that is not three parts cannot try: missing credentials', () => {
    const { security } = compiled(api, '/pets', verifiers());
    expect(answerOf(security.authenticate(request({ 'internal-key': 'not-a-jwt' })))).toEqual(MISSING);
  });
});

describeWithCcFixtures('custom auth header (spec §11.7, fixture security_openAPI.yaml: x-wso2-auth-header: authHeader)', () => {
  const api = apiOf(ccDefinition('security_openAPI.yaml'));

  it('a token in Authorization is ignored: 401 missing credentials', () => {
    const { security } = compiled(api, '/removeauthheader', verifiers());
    expect(answerOf(security.authenticate(request({ authorization: `Bearer ${TOKEN}` })))).toEqual(MISSING);
  });

  it('the token is read from the custom header, which is stripped; Authorization is left for the backend', () => {
    const { security } = compiled(api, '/removeauthheader', verifiers());
    expect(security.authenticate(request({ authheader: `Bearer ${TOKEN}` }))).toMatchObject({ scheme: 'jwt' });
    expect(security.strippedHeaders).toEqual(['internal-key', 'authheader', 'api_key']);
  });
});

describe('synchronous when the verifiers are', () => {
  const api = apiOf(openApi3({ oauth: OAUTH, key: HEADER_KEY }, { '/pets': { security: [{ oauth: [] }, { key: [] }] } }));

  it('a sync verifier gives a plain value, not a promise', () => {
    const { security } = compiled(api, '/pets', verifiers('sync'));
    const result = security.authenticate(request({ authorization: `Bearer ${TOKEN}` }));
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toMatchObject({ scheme: 'jwt' });
  });

  it('an async verifier gives a promise of the same answers, first error included', async () => {
    const { security } = compiled(api, '/pets', verifiers('async'));
    const passed = security.authenticate(request({ authorization: `Bearer ${BAD_TOKEN}`, 'x-api-key': KEY }));
    expect(passed).toBeInstanceOf(Promise);
    expect(await passed).toMatchObject({ scheme: 'api-key' });
    const refused = (await security.authenticate(request({ authorization: `Bearer ${BAD_TOKEN}`, 'x-api-key': BAD_KEY }))) as AuthResult;
    expect(answerOf(refused)).toEqual(of(REQUEST_ERRORS.notAJwt));
  });

  it('no credential at all answers synchronously even with async verifiers', () => {
    const { security } = compiled(api, '/pets', verifiers('async'));
    expect(answerOf(security.authenticate(request()))).toEqual(MISSING);
  });
});
