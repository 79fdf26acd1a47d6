import { REQUEST_ERRORS, type SecurityRequest } from '#core';
import { answerOf, apiOf, ccDefinition, describeWithCcFixtures, openApi3 } from './test-api.spec-support.js';
import { ApiKeyTable, caller, compiled, request, TokenTable } from './verifier-doubles.spec-support.js';

const TOKEN = 'head.alice.sig';
const KEY = 'head.key.sig';
const OAUTH = { type: 'oauth2', flows: { implicit: { authorizationUrl: 'https://idp.example/authorize', scopes: {} } } };
const MISSING = { status: 401, code: '900901', description: 'Make sure you have provided the correct security credentials' };
const NOT_A_JWT = {
  status: 401,
  code: '900901',
  description: 'Not a JWT token. Failed to decode the token header. Make sure you have provided the correct security credentials',
};

describe('Bearer tokens in the auth header (spec §11.1 order 4, §16.1)', () => {
  const tokens = (): TokenTable => new TokenTable({ [TOKEN]: caller('jwt'), 'aaa.bbb.ccc': { failure: REQUEST_ERRORS.notAJwt } });
  const api = apiOf(openApi3({ oauth: OAUTH }, { '/pets': { security: [{ oauth: [] }] } }));

  it.each([
    ['Bearer head.alice.sig', 'authenticated'],
    ['bearer head.alice.sig', 'authenticated'],
    ['BEARER head.alice.sig', 'authenticated'],
    ['Bearer   head.alice.sig', 'authenticated'],
    ['Bearer\thead.alice.sig', 'authenticated'],
    ['Bearer aaa.bbb.ccc', NOT_A_JWT],
    ['Bearer Bearer head.alice.sig', MISSING],
    ['Bearer', MISSING],
    ['head.alice.sig', MISSING],
    ['Basic head.alice.sig', MISSING],
    ['Bearerhead.alice.sig', MISSING],
    ['Bearer head.alice', MISSING],
    ['Bearer head.alice.sig.extra', MISSING],
    ['Bearer head.alice.sig trailing', MISSING],
  ])('Authorization: %j → %j', (value, expected) => {
    const verifier = tokens();
    const { security } = compiled(api, '/pets', { tokens: verifier });
    expect(answerOf(security.authenticate(request({ authorization: value })))).toEqual(expected);
    if (expected === MISSING) expect(verifier.asked).toEqual([]);
  });

  it('the gateway\'s security.authorizationHeader applies when the API names no header', () => {
    const { security } = compiled(api, '/pets', { tokens: tokens(), security: { authorizationHeader: 'X-Token' } });
    expect(security.authenticate(request({ 'x-token': `Bearer ${TOKEN}` }))).toMatchObject({ scheme: 'jwt' });
    expect(answerOf(security.authenticate(request({ authorization: `Bearer ${TOKEN}` })))).toEqual(MISSING);
    expect(security.strippedHeaders).toEqual(['internal-key', 'x-token']);
  });
});

describe('API keys where the scheme says (spec §11.1 order 5, §11.3)', () => {
  const schemes = { inHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' }, inQuery: { type: 'apiKey', in: 'query', name: 'apiKey' } };
  const api = apiOf(openApi3(schemes, { '/header': { security: [{ inHeader: [] }] }, '/query': { security: [{ inQuery: [] }] } }));
  const keys = (): ApiKeyTable => new ApiKeyTable({ [KEY]: caller('api-key') });

  it('header names are case-insensitive (node:http lower-cases them)', () => {
    const { security } = compiled(api, '/header', { apiKeys: keys() });
    expect(security.authenticate(request({ 'x-api-key': KEY }))).toMatchObject({ scheme: 'api-key' });
  });

  it('query parameter names are case-sensitive', () => {
    const { security } = compiled(api, '/query', { apiKeys: keys() });
    expect(security.authenticate(request({}, `apiKey=${KEY}`))).toMatchObject({ scheme: 'api-key' });
    expect(security.authenticate(request({}, `other=1&apiKey=${encodeURIComponent(KEY)}`))).toMatchObject({ scheme: 'api-key' });
    expect(answerOf(security.authenticate(request({}, `apikey=${KEY}`)))).toEqual(MISSING);
    expect(answerOf(security.authenticate(request({}, `APIKEY=${KEY}`)))).toEqual(MISSING);
  });

  it('a key that is not three parts is no credential: missing credentials, the verifier is not asked', () => {
    const verifier = keys();
    const { security } = compiled(api, '/header', { apiKeys: verifier });
    expect(answerOf(security.authenticate(request({ 'x-api-key': 'plain-secret' })))).toEqual(MISSING);
    expect(verifier.asked).toEqual([]);
  });

  it('a key in the wrong place (query instead of header) is not found', () => {
    const { security } = compiled(api, '/header', { apiKeys: keys() });
    expect(answerOf(security.authenticate(request({}, `X-API-Key=${KEY}`)))).toEqual(MISSING);
  });

  it('the query string is read only when an API key may be in it', () => {
    let reads = 0;
    const counting = (headers: Record<string, string>): SecurityRequest => ({
      headers,
      clientAddress: '127.0.0.1',
      get query() {
        reads++;
        return `apiKey=${KEY}`;
      },
    });
    compiled(api, '/header', { apiKeys: keys() }).security.authenticate(counting({ 'x-api-key': KEY }));
    expect(reads).toBe(0);
    compiled(api, '/query', { apiKeys: keys() }).security.authenticate(counting({}));
    expect(reads).toBeGreaterThan(0);
  });

  it('every API key location of the API is stripped, for every secured operation', () => {
    const { security } = compiled(api, '/header', { apiKeys: keys() });
    expect(security.strippedHeaders).toEqual(['internal-key', 'authorization', 'x-api-key']);
    expect(security.strippedQueryParameters).toEqual(['apiKey']);
  });
});

describeWithCcFixtures('API keys of a Choreo Connect fixture (api_key_openAPI.yaml: header x-api-key)', () => {
  it('the key in header X-API-KEY authenticates; a Bearer token does not (the operation names only the key)', () => {
    const api = apiOf(ccDefinition('api_key_openAPI.yaml'));
    const tokens = new TokenTable({ [TOKEN]: caller('jwt') });
    const { security } = compiled(api, '/pet/{petId}', { apiKeys: new ApiKeyTable({ [KEY]: caller('api-key') }), tokens });
    expect(security.authenticate(request({ 'x-api-key': KEY }))).toMatchObject({ scheme: 'api-key' });
    expect(answerOf(security.authenticate(request({ authorization: `Bearer ${TOKEN}` })))).toEqual(MISSING);
    expect(tokens.asked).toEqual([]);
  });
});
