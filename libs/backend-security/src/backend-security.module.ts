import { Module } from '@nestjs/common';
import { BACKEND_JWT_KEYS, BACKEND_SECURITY_COMPILER, JWKS_ENDPOINT } from '#core';
import { GatewaySettings } from '#settings';
import { BackendSecurityPlanner } from './backend-security-planner.js';
import { BackendJwtKeys, JwksEndpoint } from './jwt/index.js';

/**
 * Backend-side security: the compiler the routing table asks for each cluster's credentials and
 * each API's backend JWT (BACKEND_SECURITY_COMPILER), the backend JWT keys, and their JWKS
 * endpoint on the data plane. BackendTls comes from the global UpstreamModule.
 */
@Module({
  providers: [
    // Read (or generated) at start, so broken key files stop the start rather than a deploy.
    { provide: BackendJwtKeys, useFactory: (settings: GatewaySettings) => BackendJwtKeys.load(settings), inject: [GatewaySettings] },
    {
      provide: JWKS_ENDPOINT,
      useFactory: (keys: BackendJwtKeys, settings: GatewaySettings) => new JwksEndpoint(keys, settings.backendJwt.jwksRateLimit),
      inject: [BackendJwtKeys, GatewaySettings],
    },
    { provide: BACKEND_JWT_KEYS, useExisting: BackendJwtKeys },
    BackendSecurityPlanner,
    { provide: BACKEND_SECURITY_COMPILER, useExisting: BackendSecurityPlanner },
  ],
  exports: [BACKEND_SECURITY_COMPILER, JWKS_ENDPOINT, BACKEND_JWT_KEYS, BackendJwtKeys],
})
export class BackendSecurityModule {}
