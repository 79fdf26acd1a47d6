import { answerOf, apiOf, ccDefinition, describeWithCcFixtures, openApi3 } from './test-api.spec-support.js';
import { ApiKeyTable, caller, compiled, InternalKeyTable, request, TokenTable } from './verifier-doubles.spec-support.js';

const OAUTH = { type: 'oauth2', flows: { implicit: { authorizationUrl: 'https://idp.example/authorize', scopes: {} } } };
const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
const scopeMissing = (path: string): object => ({
  status: 403,
  code: '900910',
  description: `User is NOT authorized to access the Resource: ${path}. Scope validation failed.`,
});
const tokens = (): TokenTable =>
  new TokenTable({
    'h.none.s': caller('jwt', { scopes: [] }),
    'h.read.s': caller('jwt', { scopes: ['read:scopes'] }),
    'h.write.s': caller('jwt', { scopes: ['openid', 'write:scopes'] }),
    'h.admin.s': caller('jwt', { scopes: ['admin'] }),
    'h.sandbox.s': caller('jwt', { keyType: 'SANDBOX' }),
  });

describeWithCcFixtures('scopes (spec §11.2 step 9; fixture scopes_openAPI.yaml)', () => {
  const api = apiOf(ccDefinition('scopes_openAPI.yaml'));

  it('a token without a listed scope gets 403 900910 naming the resource path template', () => {
    const { security } = compiled(api, '/pet/findByStatus', { tokens: tokens() });
    expect(answerOf(security.authenticate(request(bearer('h.read.s'))))).toEqual(scopeMissing('/pet/findByStatus'));
    expect(answerOf(security.authenticate(request(bearer('h.write.s'))))).toBe('authenticated');
  });

  it('at least one of the listed scopes is enough', () => {
    const { security } = compiled(api, '/pets/findByTags', { tokens: tokens() });
    expect(answerOf(security.authenticate(request(bearer('h.read.s'))))).toBe('authenticated');
    expect(answerOf(security.authenticate(request(bearer('h.write.s'))))).toBe('authenticated');
    expect(answerOf(security.authenticate(request(bearer('h.none.s'))))).toEqual(scopeMissing('/pets/findByTags'));
  });

  it('a requirement listing no scope checks none', () => {
    const { security } = compiled(api, '/pet/{petId}', { tokens: tokens() });
    expect(answerOf(security.authenticate(request(bearer('h.none.s'))))).toBe('authenticated');
  });
});

describe('scopes across requirements and credentials', () => {
  const schemes = { oauth: OAUTH, key: { type: 'apiKey', in: 'header', name: 'apikey' } };
  const api = apiOf(openApi3(schemes, { '/either': { security: [{ oauth: ['admin'] }, { oauth: ['read:scopes'] }] }, '/or-key': { security: [{ oauth: ['admin'] }, { key: [] }] } }));

  it('each requirement has its scopes: a token meeting any requirement passes', () => {
    const { security } = compiled(api, '/either', { tokens: tokens() });
    expect(answerOf(security.authenticate(request(bearer('h.admin.s'))))).toBe('authenticated');
    expect(answerOf(security.authenticate(request(bearer('h.read.s'))))).toBe('authenticated');
    expect(answerOf(security.authenticate(request(bearer('h.write.s'))))).toEqual(scopeMissing('/either'));
  });

  it('a scope failure is recorded, then a valid API key still passes (as in Choreo Connect\'s chain)', () => {
    const apiKeys = new ApiKeyTable({ 'h.key.s': caller('api-key') });
    const { security } = compiled(api, '/or-key', { tokens: tokens(), apiKeys });
    expect(security.authenticate(request({ ...bearer('h.read.s'), apikey: 'h.key.s' }))).toMatchObject({ scheme: 'api-key' });
    expect(answerOf(security.authenticate(request({ ...bearer('h.read.s'), apikey: 'h.bad.s' })))).toEqual(scopeMissing('/or-key'));
  });

  it('internal keys are not scope-checked', () => {
    const internalKeys = new InternalKeyTable({ 'h.internal.s': caller('internal-key') });
    const { security } = compiled(api, '/either', { tokens: tokens(), internalKeys });
    expect(security.authenticate(request({ 'internal-key': 'h.internal.s' }))).toMatchObject({ scheme: 'internal-key' });
  });
});

describe('accepted key types (security.acceptedKeyTypes)', () => {
  const api = apiOf(openApi3({ oauth: OAUTH }, { '/pets': { security: [{ oauth: [] }] } }));
  const refusal = (kind: string): object => ({
    status: 401,
    code: '900901',
    description: `${kind} keys are not accepted by this gateway. Make sure you have provided the correct security credentials`,
  });

  it('both are accepted by default', () => {
    const { security } = compiled(api, '/pets', { tokens: tokens() });
    expect(security.authenticate(request(bearer('h.sandbox.s')))).toMatchObject({ keyType: 'SANDBOX' });
    expect(security.authenticate(request(bearer('h.none.s')))).toMatchObject({ keyType: 'PRODUCTION' });
  });

  it('a production-only gateway refuses sandbox credentials', () => {
    const { security } = compiled(api, '/pets', { tokens: tokens(), security: { acceptedKeyTypes: ['PRODUCTION'] } });
    expect(answerOf(security.authenticate(request(bearer('h.sandbox.s'))))).toEqual(refusal('Sandbox'));
    expect(answerOf(security.authenticate(request(bearer('h.none.s'))))).toBe('authenticated');
  });

  it('a sandbox-only gateway refuses production credentials, internal keys included', () => {
    const internalKeys = new InternalKeyTable({ 'h.internal.s': caller('internal-key') });
    const { security } = compiled(api, '/pets', { tokens: tokens(), internalKeys, security: { acceptedKeyTypes: ['SANDBOX'] } });
    expect(answerOf(security.authenticate(request(bearer('h.none.s'))))).toEqual(refusal('Production'));
    expect(answerOf(security.authenticate(request({ 'internal-key': 'h.internal.s' })))).toEqual(refusal('Production'));
    expect(answerOf(security.authenticate(request(bearer('h.sandbox.s'))))).toBe('authenticated');
  });
});
