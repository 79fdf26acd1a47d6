import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import jwt from 'jsonwebtoken';
import { DATA_PLANE_ENDPOINTS, REQUEST_ERRORS, SECURITY_COMPILER } from '#core';
import { GatewaySettings, SettingsModule } from '#settings';
import { ConsumerSecurityCompiler } from './consumer-security.compiler.js';
import { AccessTokenVerifier, ApiKeyVerifier, InternalKeyVerifier } from './credential-verifiers.js';
import { SecurityModule } from './security.module.js';
import { answerOf, apiOf, noProblems, openApi3, resourceOf } from './test-api.spec-support.js';
import { request } from './verifier-doubles.spec-support.js';

describe('SecurityModule', () => {
  it('provides SECURITY_COMPILER (the ConsumerSecurityCompiler on the real verifiers) and DATA_PLANE_ENDPOINTS', async () => {
    const app = await Test.createTestingModule({ imports: [SettingsModule.forRoot(new GatewaySettings()), SecurityModule] }).compile();
    await app.init();
    try {
      const compiler = app.get<ConsumerSecurityCompiler>(SECURITY_COMPILER);
      expect(compiler).toBeInstanceOf(ConsumerSecurityCompiler);
      for (const token of [AccessTokenVerifier, ApiKeyVerifier, InternalKeyVerifier]) expect(app.get(token, { strict: false })).toBeInstanceOf(token);
      // security.testKey is off by default: no /testkey endpoint on the data plane.
      expect(app.get(DATA_PLANE_ENDPOINTS)).toEqual([]);

      const api = apiOf(openApi3({}, { '/pets': {} }));
      const { resource, operation } = resourceOf(api, '/pets');
      const security = compiler.compile(api, resource, operation, noProblems());
      expect(answerOf(security.authenticate(request()))).toMatchObject({ status: 401, code: '900901', description: REQUEST_ERRORS.missingCredentials.description });
    } finally {
      await app.close();
    }
  });

  it('authenticates a real signed token of a configured issuer, and checks the operation\'s scopes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-security-'));
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'idp.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    const settings = new GatewaySettings();
    settings.security.issuers = [{ name: 'idp', issuer: 'https://idp.example', certificateFile: join(dir, 'idp.pem'), consumerKeyClaim: 'azp', validateSubscription: false, claimMappings: [] }];
    const app = await Test.createTestingModule({ imports: [SettingsModule.forRoot(settings), SecurityModule] }).compile();
    await app.init();
    try {
      const sign = (scope: string): string => jwt.sign({ scope, azp: 'app-1' }, privateKey, { algorithm: 'RS256', issuer: 'https://idp.example', subject: 'alice', expiresIn: 300 });
      const api = apiOf(openApi3({ oauth: { type: 'oauth2', flows: {} } }, { '/pets': { security: [{ oauth: ['read:pets'] }] } }));
      const { resource, operation } = resourceOf(api, '/pets');
      const security = app.get<ConsumerSecurityCompiler>(SECURITY_COMPILER).compile(api, resource, operation, noProblems());

      const allowed = await security.authenticate(request({ authorization: `Bearer ${sign('openid read:pets')}` }));
      expect(allowed).toMatchObject({ scheme: 'jwt', issuer: 'idp', subject: 'alice', consumerKey: 'app-1', keyType: 'PRODUCTION' });
      const refused = await security.authenticate(request({ authorization: `Bearer ${sign('openid')}` }));
      expect(answerOf(refused)).toEqual({ status: 403, code: '900910', description: 'User is NOT authorized to access the Resource: /pets. Scope validation failed.' });
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
