import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { BackendJwtKeySettings, type BackendJwtSettings, GatewaySettings } from '#settings';
import { BackendJwtKeys } from './backend-jwt-keys.js';
// The token kit by file: #testing would load the whole gateway into these unit tests.
// eslint-disable-next-line no-restricted-imports
import { generateTestKeyPair, selfSignedCertificatePem, type TestKeyPair, type TestKeyType } from '../../../testing/src/token-kit.js';

/** Keys, settings, a clock and a JWKS verifier for the backend JWT specs (spec §13). */

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'portico-backend-jwt-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Default settings with the backend JWT enabled; relative paths resolve against `dir`, the data dir is `<dir>/data`. */
export function settingsIn(dir: string, change: (backendJwt: BackendJwtSettings) => void = () => undefined): GatewaySettings {
  const settings = new GatewaySettings();
  settings.baseDir = dir;
  settings.dataDir = join(dir, 'data');
  settings.apiOverrides = {};
  settings.passwordsFromEnv = {};
  settings.backendJwt.enabled = true;
  change(settings.backendJwt);
  return settings;
}

/** A clock the test moves. */
export class TestClock {
  constructor(public ms = Date.UTC(2026, 0, 1)) {}
  readonly now = (): number => this.ms;
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

export interface WrittenKeyPair {
  readonly pair: TestKeyPair;
  readonly entry: BackendJwtKeySettings;
}

/** Writes a key pair (and, when asked, its self-signed certificate) into `dir` as PEM files named after `name`. */
export async function writeKeyPair(dir: string, name: string, options: { type?: TestKeyType; certificate?: boolean; useForSigning?: boolean } = {}): Promise<WrittenKeyPair> {
  const pair = generateTestKeyPair(options.type ?? 'RSA', name);
  writeFileSync(join(dir, `${name}.key`), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const entry = Object.assign(new BackendJwtKeySettings(), { keyFile: `${name}.key`, useForSigning: options.useForSigning ?? false });
  if (options.certificate) {
    writeFileSync(join(dir, `${name}.crt`), await selfSignedCertificatePem(pair));
    entry.certificateFile = `${name}.crt`;
  }
  return { pair, entry };
}

export function decodedHeader(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function decodedClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function kidsOf(jwks: Buffer): string[] {
  return (JSON.parse(jwks.toString('utf8')) as { keys: { kid: string }[] }).keys.map((key) => key.kid);
}

/** Verifies `token` as a backend would: the JWKS entry its header's `kid` names, with that entry's `alg`. */
export function verifiedWithJwks(token: string, jwks: Buffer): jwt.JwtPayload {
  const { keys } = JSON.parse(jwks.toString('utf8')) as { keys: (JsonWebKey & { kid: string; alg: jwt.Algorithm; use: string })[] };
  const kid = decodedHeader(token).kid;
  const jwk = keys.find((key) => key.kid === kid);
  if (jwk === undefined) throw new Error(`no JWKS key has kid ${String(kid)}`);
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  return jwt.verify(token, key, { algorithms: [jwk.alg], clockTimestamp: decodedClaims(token).iat as number }) as jwt.JwtPayload;
}

/** What an issuer spec works with: a temp dir, generated keys on a test clock (fresh per test), quiet logs. */
export interface IssuerTestBed {
  readonly dir: string;
  readonly clock: TestClock;
  readonly keys: BackendJwtKeys;
}

/** Registers the hooks of an issuer spec; read the bed's fields inside tests only. */
export function useIssuerTestBed(): IssuerTestBed {
  const bed = { dir: '', clock: new TestClock(), keys: undefined as unknown as BackendJwtKeys };
  beforeAll(() => {
    Logger.overrideLogger({ log() {}, debug() {}, verbose() {}, error() {}, warn() {} });
    bed.dir = tempDir();
  });
  beforeEach(async () => {
    bed.clock = new TestClock();
    bed.keys = await BackendJwtKeys.load(settingsIn(bed.dir), bed.clock.now);
  });
  afterAll(() => {
    Logger.overrideLogger(false);
    removeDir(bed.dir);
  });
  return bed;
}
