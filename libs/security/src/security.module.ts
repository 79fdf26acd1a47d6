import { Module } from '@nestjs/common';
import { DATA_PLANE_ENDPOINTS, SECURITY_COMPILER } from '#core';
import { API_KEY_PROVIDERS } from './api-key/index.js';
import { ConsumerSecurityCompiler } from './consumer-security.compiler.js';
import { INTERNAL_KEY_PROVIDERS } from './internal-key/index.js';
import { JWT_PROVIDERS } from './jwt/index.js';
import { TEST_KEY_PROVIDERS } from './test-key/index.js';

/**
 * Consumer security: the compiler the deploy pipeline asks for each operation's handler
 * (SECURITY_COMPILER), the verifiers it is built on, and the data-plane endpoints of this lib
 * (`/testkey` when enabled). GatewaySettings comes from the global SettingsModule.
 */
@Module({
  providers: [
    ...JWT_PROVIDERS,
    ...API_KEY_PROVIDERS,
    ...INTERNAL_KEY_PROVIDERS,
    // After JWT_PROVIDERS: the test-key endpoint adds its issuer to the JWT verifier's issuers.
    ...TEST_KEY_PROVIDERS,
    ConsumerSecurityCompiler,
    { provide: SECURITY_COMPILER, useExisting: ConsumerSecurityCompiler },
  ],
  exports: [SECURITY_COMPILER, DATA_PLANE_ENDPOINTS],
})
export class SecurityModule {}
