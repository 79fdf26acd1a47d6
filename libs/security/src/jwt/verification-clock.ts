import { Injectable } from '@nestjs/common';

/**
 * The time token verification runs on: `exp`/`nbf`, the verified-token cache and the JWKS
 * refetch limits all read this one clock, so a test can move it instead of sleeping.
 */
@Injectable()
export class VerificationClock {
  /** Milliseconds since the epoch. */
  now(): number {
    return Date.now();
  }
}
