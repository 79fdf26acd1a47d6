import type { Provider } from '@nestjs/common';
import { DATA_PLANE_ENDPOINTS, type DataPlaneEndpoint } from '#core';
import { GatewaySettings } from '#settings';
import { IssuerKeyStore } from '../jwt/issuer-key-store.js';
import { VerificationClock } from '../jwt/verification-clock.js';
import { TestKeyEndpoint } from './test-key-endpoint.js';

export { TEST_KEY_TEXTS, TestKeyEndpoint } from './test-key-endpoint.js';
export { TestKeySigningKey } from './test-key-signing-key.js';
export { TEST_TOKEN_AUDIENCE, TestTokenIssuer } from './test-token-issuer.js';

/** The name the test-key issuer has among the trusted issuers (Choreo Connect's default name for it). */
export const TEST_KEY_ISSUER_NAME = 'MGW';

/**
 * `/testkey` (spec §11.5). While `security.testKey.enabled` is false the endpoint is null and no
 * key is read or generated. When enabled, its issuer is added to the JWT verifier's trusted
 * issuers (so its tokens are accepted like any access token) and the endpoint is one of the
 * DATA_PLANE_ENDPOINTS (`[endpoint]`, else `[]`). Needs JWT_PROVIDERS in the same module.
 */
export const TEST_KEY_PROVIDERS: Provider[] = [
  {
    provide: TestKeyEndpoint,
    useFactory: async (settings: GatewaySettings, issuers: IssuerKeyStore, clock: VerificationClock): Promise<TestKeyEndpoint | null> => {
      if (!settings.security.testKey.enabled) return null;
      const endpoint = await TestKeyEndpoint.start(settings, clock);
      const { issuer, publicKey } = endpoint.issuer;
      issuers.trustIssuer({ name: TEST_KEY_ISSUER_NAME, issuer, publicKey, settingKey: 'security.testKey.issuer' });
      return endpoint;
    },
    inject: [GatewaySettings, IssuerKeyStore, VerificationClock],
  },
  {
    provide: DATA_PLANE_ENDPOINTS,
    useFactory: (endpoint: TestKeyEndpoint | null): readonly DataPlaneEndpoint[] => (endpoint === null ? [] : [endpoint]),
    inject: [TestKeyEndpoint],
  },
];
