import type { Provider } from '@nestjs/common';
import { ApiKeyVerifier } from '../credential-verifiers.js';
import { JwtApiKeyVerifier } from './jwt-api-key-verifier.js';

export { JwtApiKeyVerifier } from './jwt-api-key-verifier.js';
export { KeyCertificate, type KeyCheck } from './key-certificate.js';
export { keyTypeOf, subscribedApisOf } from './key-claims.js';

/** The ApiKeyVerifier of the SecurityModule (spec §11.3). */
export const API_KEY_PROVIDERS: Provider[] = [{ provide: ApiKeyVerifier, useClass: JwtApiKeyVerifier }];
