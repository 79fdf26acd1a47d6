import { Controller, HttpCode, Inject, Logger, Post } from '@nestjs/common';
import { BACKEND_JWT_KEYS, type BackendJwtKeyRing, type BackendJwtRotation } from '#core';
import { AdminHttpError } from '../errors/admin-errors.js';
import { AdminRoute } from '../http/admin-route.js';

/**
 * Key rotation of the backend JWT without a restart (spec §13.5 publishes keys for exactly
 * this): backends keep verifying tokens signed with the previous key, which stays in the JWKS
 * until those tokens have expired.
 */
@Controller('portico/v1/backend-jwt')
export class PorticoBackendJwtController {
  private readonly logger = new Logger('Admin');

  constructor(@Inject(BACKEND_JWT_KEYS) private readonly keys: BackendJwtKeyRing) {}

  @Post('rotate')
  @HttpCode(200)
  @AdminRoute({})
  async rotate(): Promise<BackendJwtRotation> {
    try {
      const rotation = await this.keys.rotate();
      this.logger.log(`backend JWT keys rotated: signing key ${rotation.kid}, published ${rotation.published.join(', ')}`);
      return rotation;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`backend JWT key rotation refused, keys unchanged: ${message}`);
      throw new AdminHttpError('admin.key-rotation-failed', `key rotation refused, keys unchanged: ${message}`);
    }
  }
}
