import type { Provider } from '@nestjs/common';
import { InternalKeyVerifier } from '../credential-verifiers.js';
import { JwtInternalKeyVerifier } from './jwt-internal-key-verifier.js';

export { JwtInternalKeyVerifier } from './jwt-internal-key-verifier.js';

/** The InternalKeyVerifier of the SecurityModule (spec §11.4). */
export const INTERNAL_KEY_PROVIDERS: Provider[] = [{ provide: InternalKeyVerifier, useClass: JwtInternalKeyVerifier }];
