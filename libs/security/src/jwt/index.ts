import type { Provider } from '@nestjs/common';
import { AccessTokenVerifier } from '../credential-verifiers.js';
import { IssuerKeyStore } from './issuer-key-store.js';
import { JwtAccessTokenVerifier } from './jwt-access-token-verifier.js';
import { VerificationClock } from './verification-clock.js';

export { IssuerKeyStore, type ExtraIssuer } from './issuer-key-store.js';
export { JwtAccessTokenVerifier } from './jwt-access-token-verifier.js';
export { VerificationClock } from './verification-clock.js';
export { ACCESS_TOKEN_ALGORITHMS } from './issuer-strategy.js';

/**
 * What the SecurityModule provides for access tokens: the trusted issuers (export IssuerKeyStore
 * too: the test-key endpoint adds its issuer to it), the clock, and the verifier under its
 * abstract DI token.
 */
export const JWT_PROVIDERS: Provider[] = [VerificationClock, IssuerKeyStore, { provide: AccessTokenVerifier, useClass: JwtAccessTokenVerifier }];
