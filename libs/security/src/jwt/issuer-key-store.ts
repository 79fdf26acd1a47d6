import { type KeyObject } from 'node:crypto';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EXIT_CODES, StartupError } from '#core';
import { GatewaySettings, resolveSettingsPath, type TokenIssuerSettings } from '#settings';
import type { IssuerProfile } from './issuer-profile.js';
import { isTokenSigningKey, publicKeyOfPem, readIssuerPublicKey } from './issuer-public-key.js';
import { JwksKeySet } from './jwks-key-set.js';
import { TrustedIssuer } from './trusted-issuer.js';
import { VerificationClock } from './verification-clock.js';

/** An issuer trusted from code rather than settings: the gateway's own `/testkey` issuer. */
export interface ExtraIssuer {
  readonly name: string;
  /** The exact `iss` of its tokens. */
  readonly issuer: string;
  /** Verifies every token of the issuer: a KeyObject, or PEM text (certificate or public key). */
  readonly publicKey: KeyObject | string;
  readonly consumerKeyClaim?: string;
  readonly validateSubscription?: boolean;
  /** The setting named when the issuer cannot be trusted, e.g. `security.testKey.issuer`. */
  readonly settingKey?: string;
}

/**
 * The token issuers this gateway trusts (`security.issuers[]`), each with its verification keys
 * and passport-jwt strategy, found by `iss`. Certificates are read and the settings checked when
 * it is built (a problem stops the start, naming the setting); JWKS are fetched when the module
 * starts (a failure is logged, the gateway starts anyway) and their fetches end with the module.
 */
@Injectable()
export class IssuerKeyStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('JwtIssuers');
  private readonly byIssuer = new Map<string, TrustedIssuer>();
  private readonly clockSkewSeconds: number;

  constructor(
    private readonly settings: GatewaySettings,
    private readonly clock: VerificationClock,
  ) {
    this.clockSkewSeconds = settings.security.clockSkewSeconds;
    settings.security.issuers.forEach((issuer, index) => {
      const at = `security.issuers[${index}]`;
      this.add(this.fromSettings(issuer, at), `${at}.issuer`);
    });
  }

  /** The trusted issuer whose `issuer` equals the token's `iss`. */
  issuerOf(iss: string): TrustedIssuer | undefined {
    return this.byIssuer.get(iss);
  }

  get issuers(): readonly TrustedIssuer[] {
    return [...this.byIssuer.values()];
  }

  /**
   * Trusts one more issuer whose tokens are verified with `publicKey` (the test-key endpoint
   * calls this at start when `security.testKey.enabled`). Throws when the `iss` is already trusted.
   */
  trustIssuer(extra: ExtraIssuer): TrustedIssuer {
    const at = extra.settingKey ?? `issuer "${extra.name}"`;
    let key: KeyObject;
    try {
      key = typeof extra.publicKey === 'string' ? publicKeyOfPem(extra.publicKey) : extra.publicKey;
    } catch (error) {
      throw new StartupError(`${at}: the public key is not a PEM certificate or public key (${(error as Error).message})`, EXIT_CODES.config);
    }
    if (!isTokenSigningKey(key)) throw new StartupError(`${at}: tokens are verified with RSA or EC keys, not ${key.asymmetricKeyType}`, EXIT_CODES.config);
    const profile: IssuerProfile = {
      name: extra.name,
      issuer: extra.issuer,
      consumerKeyClaim: extra.consumerKeyClaim ?? 'azp',
      validateSubscription: extra.validateSubscription ?? false,
      claimMappings: [],
    };
    const trusted = new TrustedIssuer(profile, key, undefined, this.clockSkewSeconds);
    this.add(trusted, at);
    return trusted;
  }

  /** Fetches every JWKS once; resolves when each answered, failed or timed out. */
  async onModuleInit(): Promise<void> {
    await Promise.all(this.issuers.map((issuer) => issuer.jwks?.fetch()));
  }

  onModuleDestroy(): void {
    for (const issuer of this.byIssuer.values()) issuer.dispose();
  }

  private fromSettings(settings: TokenIssuerSettings, at: string): TrustedIssuer {
    if (!settings.certificateFile && !settings.jwksUrl) {
      throw new StartupError(
        `${at}: set certificateFile or jwksUrl (or both) for issuer "${settings.name}": without them its tokens cannot be verified`,
        EXIT_CODES.config,
      );
    }
    const certificateKey = settings.certificateFile
      ? readIssuerPublicKey(resolveSettingsPath(this.settings, settings.certificateFile), `${at}.certificateFile`)
      : undefined;
    const jwks = settings.jwksUrl
      ? new JwksKeySet({
          issuerName: settings.name,
          url: settings.jwksUrl,
          settings: this.settings.security.jwks,
          clock: this.clock,
          warn: (line) => this.logger.warn(line),
        })
      : undefined;
    const profile: IssuerProfile = {
      name: settings.name,
      issuer: settings.issuer,
      consumerKeyClaim: settings.consumerKeyClaim,
      validateSubscription: settings.validateSubscription,
      claimMappings: settings.claimMappings.map(({ remoteClaim, localClaim }) => ({ remoteClaim, localClaim })),
    };
    return new TrustedIssuer(profile, certificateKey, jwks, this.clockSkewSeconds);
  }

  /** `at` names the setting that holds the `iss` (for the error). */
  private add(trusted: TrustedIssuer, at: string): void {
    const iss = trusted.profile.issuer;
    const existing = this.byIssuer.get(iss);
    if (existing) {
      trusted.dispose();
      throw new StartupError(`${at}: "${iss}" is already the issuer of "${existing.profile.name}"; each issuer may be trusted once`, EXIT_CODES.config);
    }
    this.byIssuer.set(iss, trusted);
  }
}
