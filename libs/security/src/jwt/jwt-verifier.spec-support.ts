import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { type AuthResult, isAuthFailure, type Principal, type RequestErrorSpec } from '#core';
import { ClaimMappingSettings, GatewaySettings, JwksSettings, TokenCacheSettings, TokenIssuerSettings } from '#settings';
import type { ApiIdentity } from '../credential-verifiers.js';
import { IssuerKeyStore } from './issuer-key-store.js';
import { JwtAccessTokenVerifier } from './jwt-access-token-verifier.js';
import { VerificationClock } from './verification-clock.js';

/** A clock the test moves. */
export class ManualClock extends VerificationClock {
  constructor(private ms: number = Date.now()) {
    super();
  }
  override now(): number {
    return this.ms;
  }
  get seconds(): number {
    return Math.floor(this.ms / 1000);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export const PETSTORE: ApiIdentity = { name: 'SwaggerPetstore', version: '1.0.5', basePath: '/v2' };

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'portico-jwt-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface IssuerFields {
  name?: string;
  issuer: string;
  certificateFile?: string;
  jwksUrl?: string;
  consumerKeyClaim?: string;
  validateSubscription?: boolean;
  claimMappings?: { remoteClaim: string; localClaim: string }[];
}

export interface SecurityFields {
  issuers: IssuerFields[];
  clockSkewSeconds?: number;
  jwks?: Partial<JwksSettings>;
  tokenCache?: Partial<TokenCacheSettings>;
}

/** Gateway settings as the loader would give them, relative paths resolved against `baseDir`. */
export function gatewaySettings(baseDir: string, fields: SecurityFields): GatewaySettings {
  const settings = new GatewaySettings();
  settings.baseDir = baseDir;
  const security = settings.security;
  security.issuers = fields.issuers.map((issuer, index) =>
    Object.assign(new TokenIssuerSettings(), {
      ...issuer,
      name: issuer.name ?? `Issuer ${index}`,
      claimMappings: (issuer.claimMappings ?? []).map((mapping) => Object.assign(new ClaimMappingSettings(), mapping)),
    }),
  );
  if (fields.clockSkewSeconds !== undefined) security.clockSkewSeconds = fields.clockSkewSeconds;
  Object.assign(security.jwks, fields.jwks);
  Object.assign(security.tokenCache, fields.tokenCache);
  return settings;
}

export interface VerifierUnderTest {
  readonly verifier: JwtAccessTokenVerifier;
  readonly store: IssuerKeyStore;
  readonly clock: ManualClock;
  readonly warnings: string[];
  close(): void;
}

/** Builds the store and verifier as Nest would (constructor, then onModuleInit), without Nest. */
export async function startVerifier(settings: GatewaySettings, clock = new ManualClock()): Promise<VerifierUnderTest> {
  const store = new IssuerKeyStore(settings, clock);
  const warnings = captureWarnings(store);
  await store.onModuleInit();
  return { verifier: new JwtAccessTokenVerifier(settings, store, clock), store, clock, warnings, close: () => store.onModuleDestroy() };
}

/** What the store logs from now on, instead of the console (it writes through its own Nest Logger). */
export function captureWarnings(store: IssuerKeyStore): string[] {
  const warnings: string[] = [];
  (store as unknown as { logger: Logger }).logger = Object.assign(new Logger('JwtIssuers'), { warn: (line: string) => warnings.push(line) });
  return warnings;
}

/** The outcome, failing the test with the refusal when there is one. */
export function principalOf(result: AuthResult): Principal {
  if (isAuthFailure(result)) throw new Error(`refused: ${result.failure.code} ${result.description ?? result.failure.description}`);
  return result;
}

/** What the client would see of a refusal: status, code, message, description. */
export function refusalOf(result: AuthResult): { status: number; code: string; message: string; description: string } {
  if (!isAuthFailure(result)) throw new Error(`accepted, expected a refusal (principal ${JSON.stringify(result.subject)})`);
  return view(result.failure, result.description);
}

export function view(spec: RequestErrorSpec, description = spec.description): { status: number; code: string; message: string; description: string } {
  return { status: spec.status, code: spec.code, message: spec.message, description };
}
