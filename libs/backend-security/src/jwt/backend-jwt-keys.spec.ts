import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { StartupError } from '#core';
import { BackendJwtKeys } from './backend-jwt-keys.js';
import { kidsOf, removeDir, settingsIn, tempDir, TestClock, writeKeyPair } from './backend-jwt.spec-support.js';

describe('BackendJwtKeys (spec §13.1, §13.5)', () => {
  let dir: string;

  beforeEach(() => {
    dir = tempDir();
    Logger.overrideLogger({ log() {}, debug() {}, verbose() {}, error() {}, warn() {} });
  });

  afterEach(() => {
    Logger.overrideLogger(false);
    removeDir(dir);
  });

  describe('without configured keys: a generated key in the data dir', () => {
    it('generates an RSA key into <dataDir>/backend-jwt (dir 0700, file 0600) and reuses it after a restart', async () => {
      const settings = settingsIn(dir);
      const keys = await BackendJwtKeys.load(settings);
      const keyDir = join(dir, 'data', 'backend-jwt');
      expect(statSync(keyDir).mode & 0o777).toBe(0o700);
      expect(statSync(join(keyDir, 'signing-rs256.key')).mode & 0o777).toBe(0o600);
      expect(keys.mode).toBe('generated');
      expect(keys.signing.alg).toBe('RS256');
      expect(keys.signing.x5tS256).toBeUndefined();
      // RFC 7638: 43 base64url characters of SHA-256.
      expect(keys.signing.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const restarted = await BackendJwtKeys.load(settings);
      expect(restarted.signing.kid).toBe(keys.signing.kid);
    });

    it('publishes the key as {kty, use, kid, alg, n, e}', async () => {
      const keys = await BackendJwtKeys.load(settingsIn(dir));
      const document = JSON.parse(keys.jwks().toString('utf8')) as { keys: Record<string, string>[] };
      expect(document.keys).toHaveLength(1);
      expect(Object.keys(document.keys[0])).toEqual(['kty', 'use', 'kid', 'alg', 'n', 'e']);
      expect(document.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', kid: keys.signing.kid, alg: 'RS256', e: 'AQAB' });
      expect(keys.jwks()).toBe(keys.jwks());
    });

    it('generates a P-256 key for ES256, published as an EC entry', async () => {
      const keys = await BackendJwtKeys.load(settingsIn(dir, (jwt) => (jwt.signingAlgorithm = 'ES256')));
      expect(keys.signing.privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
      const [entry] = (JSON.parse(keys.jwks().toString('utf8')) as { keys: Record<string, string>[] }).keys;
      expect(entry).toMatchObject({ kty: 'EC', crv: 'P-256', use: 'sig', kid: keys.signing.kid, alg: 'ES256' });
      expect(entry.x).toBeDefined();
      expect(entry.y).toBeDefined();
    });

    it('rotates: a new key signs, the old one stays published (also after a restart) until the TTL + 60 s have passed', async () => {
      const clock = new TestClock();
      const settings = settingsIn(dir, (jwt) => (jwt.tokenTtlSeconds = 30));
      const keys = await BackendJwtKeys.load(settings, clock.now);
      const old = keys.signing.kid;
      const summary = await keys.rotate();
      expect(summary.kid).not.toBe(old);
      expect(keys.signing.kid).toBe(summary.kid);
      expect(keys.generation).toBe(1);
      expect(summary.published).toEqual([summary.kid, old]);
      expect(kidsOf(keys.jwks())).toEqual([summary.kid, old]);

      const restarted = await BackendJwtKeys.load(settings, clock.now);
      expect(restarted.signing.kid).toBe(summary.kid);
      expect(kidsOf(restarted.jwks())).toEqual([summary.kid, old]);

      clock.advance(89);
      expect(kidsOf(keys.jwks())).toEqual([summary.kid, old]);
      clock.advance(1);
      expect(kidsOf(keys.jwks())).toEqual([summary.kid]);
      expect(kidsOf(restarted.jwks())).toEqual([summary.kid]);
      expect(kidsOf((await BackendJwtKeys.load(settings, clock.now)).jwks())).toEqual([summary.kid]);
    });

    it('keeps a retired key published for the longest TTL an API asked for', async () => {
      const clock = new TestClock();
      const keys = await BackendJwtKeys.load(settingsIn(dir, (jwt) => (jwt.tokenTtlSeconds = 30)), clock.now);
      keys.coverTokenTtl(600);
      const old = keys.signing.kid;
      await keys.rotate();
      clock.advance(600);
      expect(kidsOf(keys.jwks())).toContain(old);
      clock.advance(60);
      expect(kidsOf(keys.jwks())).not.toContain(old);
    });

    it('refuses a generated key file that was damaged, naming it', async () => {
      const settings = settingsIn(dir);
      await BackendJwtKeys.load(settings);
      const path = join(dir, 'data', 'backend-jwt', 'signing-rs256.key');
      writeFileSync(path, 'garbage');
      await expect(BackendJwtKeys.load(settings)).rejects.toThrow(StartupError);
      await expect(BackendJwtKeys.load(settings)).rejects.toThrow(path);
    });
  });

  describe('configured keys', () => {
    it('uses a single key without useForSigning; with a certificate the kid is its SHA-256 thumbprint', async () => {
      const { entry } = await writeKeyPair(dir, 'only', { certificate: true });
      const keys = await BackendJwtKeys.load(settingsIn(dir, (jwt) => (jwt.keys = [entry])));
      const certificate = new X509Certificate(readFileSync(join(dir, 'only.crt')));
      const thumbprint = Buffer.from(certificate.fingerprint256.replaceAll(':', ''), 'hex').toString('base64url');
      expect(keys.mode).toBe('configured');
      expect(keys.signing.kid).toBe(thumbprint);
      expect(keys.signing.x5tS256).toBe(thumbprint);
      expect(kidsOf(keys.jwks())).toEqual([thumbprint]);
    });

    it('publishes every key pair and signs with the one marked useForSigning', async () => {
      const first = await writeKeyPair(dir, 'first');
      const second = await writeKeyPair(dir, 'second', { useForSigning: true });
      const keys = await BackendJwtKeys.load(settingsIn(dir, (jwt) => (jwt.keys = [first.entry, second.entry])));
      const published = kidsOf(keys.jwks());
      expect(published).toHaveLength(2);
      expect(keys.signing.kid).toBe(published[1]);
      expect(keys.signing.privateKey.equals(second.pair.privateKey)).toBe(true);
    });

    it.each([
      ['a file that is no PEM key', async () => (writeFileSync(join(dir, 'bad.key'), 'not a key'), [{ keyFile: 'bad.key', useForSigning: false }]), /keys\[0\]\.keyFile .*bad\.key is not a PEM private key/],
      ['a missing file', async () => [{ keyFile: 'missing.key', useForSigning: false }], /keys\[0\]\.keyFile .*missing\.key cannot be read/],
      ['an EC key for RS256', async () => [(await writeKeyPair(dir, 'ec', { type: 'P-256' })).entry], /keys\[0\]\.keyFile .*ec\.key holds a key of type ec .*needs an RSA key/],
      [
        "another key's certificate",
        async () => {
          const { entry } = await writeKeyPair(dir, 'mine');
          await writeKeyPair(dir, 'theirs', { certificate: true });
          return [{ ...entry, certificateFile: 'theirs.crt' }];
        },
        /keys\[0\]\.certificateFile .*theirs\.crt is not the certificate of .*mine\.key/,
      ],
      [
        'two signing keys',
        async () => [(await writeKeyPair(dir, 'a', { useForSigning: true })).entry, (await writeKeyPair(dir, 'b', { useForSigning: true })).entry],
        /2 keys have useForSigning: true: keys\[0\] \(a\.key\), keys\[1\] \(b\.key\)/,
      ],
      ['two keys, none signing', async () => [(await writeKeyPair(dir, 'a')).entry, (await writeKeyPair(dir, 'b')).entry], /none of the 2 keys has useForSigning/],
    ])('refuses to start with %s, naming the key', async (_case, entries, message) => {
      const keys = (await entries()) as never;
      const loading = BackendJwtKeys.load(settingsIn(dir, (jwt) => (jwt.keys = keys)));
      await expect(loading).rejects.toThrow(StartupError);
      await expect(loading).rejects.toThrow(message);
    });

    it('refuses an RSA key for ES256', async () => {
      const { entry } = await writeKeyPair(dir, 'rsa');
      const loading = BackendJwtKeys.load(settingsIn(dir, (jwt) => ((jwt.signingAlgorithm = 'ES256'), (jwt.keys = [entry]))));
      await expect(loading).rejects.toThrow(/rsa\.key holds a key of type rsa, but .*ES256 needs an EC key on the P-256 curve/);
    });

    it('rotation reads the files again: a replaced signing key signs, the old one stays published until the TTL has passed', async () => {
      const clock = new TestClock();
      const { entry } = await writeKeyPair(dir, 'signer', { certificate: true });
      const keys = await BackendJwtKeys.load(settingsIn(dir, (jwt) => ((jwt.keys = [entry]), (jwt.tokenTtlSeconds = 30))), clock.now);
      const old = keys.signing.kid;
      expect((await keys.rotate()).published).toEqual([old]);
      expect(keys.generation).toBe(1);

      await writeKeyPair(dir, 'signer', { certificate: true });
      const summary = await keys.rotate();
      expect(summary.kid).not.toBe(old);
      expect(summary.published).toEqual([summary.kid, old]);
      clock.advance(90);
      expect(kidsOf(keys.jwks())).toEqual([summary.kid]);
    });

    it('a rotation meeting a broken file is refused and the current keys stay', async () => {
      const { entry } = await writeKeyPair(dir, 'signer');
      const keys = await BackendJwtKeys.load(settingsIn(dir, (jwt) => (jwt.keys = [entry])));
      const before = keys.signing;
      writeFileSync(join(dir, 'signer.key'), '-----BEGIN PRIVATE KEY-----\ntruncated');
      await expect(keys.rotate()).rejects.toThrow(/rotation refused, the current keys stay in use: backendJwt\.keys\[0\]\.keyFile .*signer\.key is not a PEM private key/);
      expect(keys.signing).toBe(before);
      expect(keys.generation).toBe(0);
      expect(kidsOf(keys.jwks())).toEqual([before.kid]);
    });
  });
});
