import { answerOf, apiOf, openApi3 } from './test-api.spec-support.js';
import { ApiKeyTable, caller, compiled, request, TokenTable } from './verifier-doubles.spec-support.js';

const OAUTH = { type: 'oauth2', flows: { implicit: { authorizationUrl: 'https://idp.example/authorize', scopes: {} } } };
const MISSING = { status: 401, code: '900901', description: 'Make sure you have provided the correct security credentials' };
const TOKEN = 'h.alice.s';
const KEY = 'h.key.s';

// An API Manager export: the `default` OAuth2 scheme with per-operation scopes, plus a scheme of the author's.
const exported = openApi3(
  { default: OAUTH, petstore_auth: OAUTH },
  {
    '/pets': { security: [{ default: ['read:pets'] }] },
    '/scoped-other': { security: [{ petstore_auth: ['write:pets'] }] },
    '/plain-other': { security: [{ petstore_auth: [] }] },
  },
);
const verifiers = () => ({
  tokens: new TokenTable({ [TOKEN]: caller('jwt', { scopes: ['read:pets'] }) }),
  apiKeys: new ApiKeyTable({ [KEY]: caller('api-key') }),
});

describe('api.yaml securityScheme: oauth2 (spec §11.1 table)', () => {
  const api = apiOf(exported, { apiYamlSecuritySchemes: ['oauth2'] });

  it('keeps `default` with its scopes', () => {
    const { security, problems } = compiled(api, '/pets', verifiers());
    expect(answerOf(security.authenticate(request({ authorization: `Bearer ${TOKEN}` })))).toBe('authenticated');
    expect(problems).toEqual({ errors: [], warnings: [] });
  });

  it('drops a requirement on another scheme; a warning when scopes are lost with it', () => {
    const scoped = compiled(api, '/scoped-other', verifiers());
    expect(scoped.problems.warnings).toEqual([
      {
        code: 'security.scheme-replaced',
        message: 'GET /scoped-other: security requirement dropped with its scopes: api.yaml securityScheme replaces scheme "petstore_auth"',
        location: '/paths/~1scoped-other/get',
      },
    ]);
    expect(compiled(api, '/plain-other', verifiers()).problems.warnings).toEqual([]);
  });

  it('with no requirement left, a bearer token is required (no scope)', () => {
    const { security } = compiled(api, '/scoped-other', verifiers());
    expect(answerOf(security.authenticate(request()))).toEqual(MISSING);
    expect(answerOf(security.authenticate(request({ authorization: `Bearer ${TOKEN}` })))).toBe('authenticated');
  });
});

describe('api.yaml securityScheme: api_key', () => {
  it('alone: the key in header `apikey` or query `apikey`, OAuth2 is not tried', () => {
    const v = verifiers();
    const { security, problems } = compiled(apiOf(exported, { apiYamlSecuritySchemes: ['api_key'] }), '/pets', v);
    expect(security.authenticate(request({ apikey: KEY }))).toMatchObject({ scheme: 'api-key' });
    expect(security.authenticate(request({}, `apikey=${KEY}`))).toMatchObject({ scheme: 'api-key' });
    expect(answerOf(security.authenticate(request({ authorization: `Bearer ${TOKEN}` })))).toEqual(MISSING);
    expect(v.tokens.asked).toEqual([]);
    expect(security.strippedHeaders).toEqual(['internal-key', 'authorization', 'apikey']);
    expect(security.strippedQueryParameters).toEqual(['apikey']);
    expect(problems.warnings.map((p) => p.code)).toEqual(['security.scheme-replaced']);
  });

  it('with oauth2: the token (with the operation\'s scopes) or the key', () => {
    const { security } = compiled(apiOf(exported, { apiYamlSecuritySchemes: ['oauth2', 'api_key'] }), '/pets', verifiers());
    expect(security.authenticate(request({ authorization: `Bearer ${TOKEN}` }))).toMatchObject({ scheme: 'jwt' });
    expect(security.authenticate(request({ apikey: KEY }))).toMatchObject({ scheme: 'api-key' });
  });
});
