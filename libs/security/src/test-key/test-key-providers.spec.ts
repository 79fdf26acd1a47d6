import { Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { type AuthResult, DATA_PLANE_ENDPOINTS, type DataPlaneEndpoint, StartupError } from '#core';
import { GatewaySettings, TestKeyUserSettings, TokenIssuerSettings } from '#settings';
// The token kit by file: #testing would load the whole gateway into these unit tests.
// eslint-disable-next-line no-restricted-imports
import { generateTestKeyPair, writePublicKeyPem } from '../../../testing/src/token-kit.js';
import { settingsIn, tempDir } from '../api-key/key-test-kit.spec-support.js';
import { AccessTokenVerifier } from '../credential-verifiers.js';
import { JWT_PROVIDERS } from '../jwt/index.js';
import { TEST_KEY_PROVIDERS, TestKeyEndpoint } from './index.js';

const ISSUER = 'https://gateway.example/testkey';

function enabled(): GatewaySettings {
  return settingsIn(tempDir(), (security) => {
    security.testKey.enabled = true;
    security.testKey.issuer = ISSUER;
    security.testKey.users = [Object.assign(new TestKeyUserSettings(), { username: 'admin', password: 'pw' })];
  });
}

function compile(settings: GatewaySettings): Promise<TestingModule> {
  return Test.createTestingModule({ providers: [{ provide: GatewaySettings, useValue: settings }, ...JWT_PROVIDERS, ...TEST_KEY_PROVIDERS] }).compile();
}

describe('TEST_KEY_PROVIDERS', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('provide no data-plane endpoint while security.testKey.enabled is false', async () => {
    const moduleRef = await compile(settingsIn(tempDir()));
    expect(moduleRef.get<readonly DataPlaneEndpoint[]>(DATA_PLANE_ENDPOINTS)).toEqual([]);
  });

  it('provide POST /testkey when enabled, whose tokens the access-token verifier accepts', async () => {
    const moduleRef = await compile(enabled());
    const endpoints = moduleRef.get<readonly DataPlaneEndpoint[]>(DATA_PLANE_ENDPOINTS);
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]).toBeInstanceOf(TestKeyEndpoint);
    expect(endpoints[0]).toMatchObject({ method: 'POST', path: '/testkey' });
    const token = (endpoints[0] as TestKeyEndpoint).issuer.issue('admin', 'read:pets write:pets');
    const result: AuthResult = await moduleRef.get(AccessTokenVerifier).verify(token, { name: 'SwaggerPetstore', version: '1.0.5', basePath: '/v2/1.0.5' });
    expect(result).toMatchObject({ scheme: 'jwt', keyType: 'PRODUCTION', subject: 'admin', scopes: ['read:pets', 'write:pets'] });
  });

  it('fail the start naming security.testKey.issuer when a configured issuer has the same iss', async () => {
    const settings = enabled();
    const certificateFile = writePublicKeyPem(generateTestKeyPair('RSA'), settings.baseDir, 'twin.pem');
    settings.security.issuers = [Object.assign(new TokenIssuerSettings(), { name: 'Twin', issuer: ISSUER, certificateFile })];
    const start = compile(settings);
    await expect(start).rejects.toThrow(StartupError);
    await expect(start).rejects.toThrow(/^security\.testKey\.issuer: /);
  });
});
