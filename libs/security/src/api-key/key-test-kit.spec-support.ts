import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuthResult, isAuthFailure, type Principal, type SecurityRequest } from '#core';
import { GatewaySettings, type SecuritySettings } from '#settings';
import type { ApiIdentity } from '../credential-verifiers.js';
import { VerificationClock } from '../jwt/verification-clock.js';

/** API keys and internal keys as API Manager issues them, for the verifier specs (spec §11.3, §11.4). */

export const PETSTORE: ApiIdentity = { name: 'SwaggerPetstore', version: '1.0.5', basePath: '/v2/1.0.5' };

export const REQUEST: SecurityRequest = { headers: {}, query: '', clientAddress: '203.0.113.7' };

/** The real clock, or one a test moves. */
export function clockOf(now?: () => number): VerificationClock {
  return now === undefined ? new VerificationClock() : { now };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'portico-security-'));
}

/** Default settings, as the loader gives them, with relative paths resolved against `dir`. */
export function settingsIn(dir: string, change: (security: SecuritySettings) => void = () => undefined): GatewaySettings {
  const settings = new GatewaySettings();
  settings.baseDir = dir;
  settings.dataDir = join(dir, 'data');
  settings.apiOverrides = {};
  settings.passwordsFromEnv = {};
  change(settings.security);
  return settings;
}

const subscription = (api: ApiIdentity): Record<string, unknown> => ({
  name: api.name,
  version: api.version,
  context: api.basePath,
  publisher: 'admin',
  subscriptionTier: 'Unlimited',
  subscriberTenantDomain: 'carbon.super',
});

/** The claims of an API key: no `exp`, as API Manager usually issues them. `extra` is added last. */
export function apiKeyClaims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'admin@carbon.super',
    application: { id: 2, uuid: '9f1f3b8a-1c1b-4c3a-9b0e-1f2d3c4b5a69', name: 'PizzaApp', tier: 'Unlimited', owner: 'admin' },
    iss: 'https://localhost:9443/oauth2/token',
    keytype: 'PRODUCTION',
    subscribedAPIs: [subscription(PETSTORE)],
    tierInfo: { Unlimited: { stopOnQuotaReach: true, spikeArrestLimit: 0 } },
    token_type: 'apiKey',
    iat: Math.floor(Date.now() / 1000),
    jti: '3a1e7b2c-0d4f-4e6a-9b8c-7d6e5f4a3b2c',
    ...extra,
  };
}

/** The claims of an internal (test-console) key for `api`. */
export function internalKeyClaims(extra: Record<string, unknown> = {}, api: ApiIdentity = PETSTORE): Record<string, unknown> {
  const iat = Math.floor(Date.now() / 1000);
  return {
    sub: 'admin@carbon.super',
    iss: 'https://localhost:9443/publisher',
    keytype: 'PRODUCTION',
    subscribedAPIs: [subscription(api)],
    token_type: 'InternalKey',
    iat,
    exp: iat + 3600,
    jti: '5c4b3a29-1807-4f6e-8d7c-6b5a49382716',
    ...extra,
  };
}

/** The principal of a synchronous success (a Promise or a failure fails the test). */
export function principalOf(result: AuthResult | Promise<AuthResult>): Principal {
  if (result instanceof Promise) throw new Error('expected a synchronous answer');
  if (isAuthFailure(result)) throw new Error(`expected a principal, got ${result.failure.status} ${result.failure.description}`);
  return result;
}

export function failureOf(result: AuthResult | Promise<AuthResult>): { status: number; code: string; message: string; description: string } {
  if (result instanceof Promise) throw new Error('expected a synchronous answer');
  if (!isAuthFailure(result)) throw new Error('expected a failure');
  const { status, code, message } = result.failure;
  return { status, code, message, description: result.description ?? result.failure.description };
}

export const API_KEY_FAILED = {
  status: 401,
  code: '900901',
  message: 'Invalid Credentials',
  description: 'API key authentication failed.. Make sure you have provided the correct security credentials',
};
export const INVALID = { status: 401, code: '900901', message: 'Invalid Credentials', description: 'Invalid Credentials. Make sure you have provided the correct security credentials' };
export const MISSING = { status: 401, code: '900901', message: 'Invalid Credentials', description: 'Make sure you have provided the correct security credentials' };
export const FORBIDDEN = { status: 403, code: '900908', message: 'Resource forbidden ', description: 'Resource forbidden ' };
