import { Test } from '@nestjs/testing';
import { GatewaySettings } from '#settings';
import { ApiKeyVerifier, InternalKeyVerifier } from '../credential-verifiers.js';
import { INTERNAL_KEY_PROVIDERS, JwtInternalKeyVerifier } from '../internal-key/index.js';
import { VerificationClock } from '../jwt/verification-clock.js';
import { API_KEY_PROVIDERS, JwtApiKeyVerifier } from './index.js';
import { settingsIn, tempDir } from './key-test-kit.spec-support.js';

describe('API_KEY_PROVIDERS and INTERNAL_KEY_PROVIDERS', () => {
  it('resolve the abstract verifiers to the JWT verifiers, on the security clock', async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [{ provide: GatewaySettings, useValue: settingsIn(tempDir()) }, VerificationClock, ...API_KEY_PROVIDERS, ...INTERNAL_KEY_PROVIDERS],
    }).compile();
    expect(moduleRef.get(ApiKeyVerifier)).toBeInstanceOf(JwtApiKeyVerifier);
    const internal = moduleRef.get(InternalKeyVerifier);
    expect(internal).toBeInstanceOf(JwtInternalKeyVerifier);
    expect(internal.enabled).toBe(false);
  });
});
