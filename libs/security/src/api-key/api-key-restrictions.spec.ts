import { type SecurityRequest } from '#core';
// The token kit by file: #testing would load the whole gateway into these unit tests.
// eslint-disable-next-line no-restricted-imports
import { generateTestKeyPair, signJwt, writePublicKeyPem } from '../../../testing/src/token-kit.js';
import { JwtApiKeyVerifier } from './jwt-api-key-verifier.js';
import { apiKeyClaims, clockOf, failureOf, FORBIDDEN, PETSTORE, principalOf, REQUEST, settingsIn, tempDir } from './key-test-kit.spec-support.js';

const rsa = generateTestKeyPair('RSA', 'apikey');

function verifierWith(): { verifier: JwtApiKeyVerifier } {
  const dir = tempDir();
  const settings = settingsIn(dir, (security) => (security.apiKey.certificateFile = writePublicKeyPem(rsa, dir, 'apikey.pem')));
  return { verifier: new JwtApiKeyVerifier(settings, clockOf()) };
}

const keyOf = (extra: Record<string, unknown> = {}): string => signJwt(apiKeyClaims(extra), { key: rsa });
const withRequest = (change: Partial<SecurityRequest>): SecurityRequest => ({ ...REQUEST, ...change });

describe('API key restrictions (spec §11.3): checked on every call, cached key or not', () => {
  describe('permittedIP', () => {
    const { verifier } = verifierWith();

    it('admits an IPv4 address in the list, and an IPv4 client seen as IPv4-mapped IPv6', () => {
      const key = keyOf({ permittedIP: '198.51.100.4, 203.0.113.7' });
      expect(principalOf(verifier.verify(key, PETSTORE, withRequest({ clientAddress: '203.0.113.7' }))).scheme).toBe('api-key');
      expect(principalOf(verifier.verify(key, PETSTORE, withRequest({ clientAddress: '::ffff:203.0.113.7' }))).scheme).toBe('api-key');
    });

    it('admits IPv6 addresses and CIDR ranges of both families', () => {
      const key = keyOf({ permittedIP: '2001:db8::1,10.1.0.0/16,2001:db8:aa::/48' });
      for (const clientAddress of ['2001:db8::1', '10.1.200.3', '2001:db8:aa:1::9']) {
        expect(principalOf(verifier.verify(key, PETSTORE, withRequest({ clientAddress }))).scheme).toBe('api-key');
      }
    });

    it('answers 403 900908 to any other client, or when the address is unknown', () => {
      const key = keyOf({ permittedIP: '2001:db8::1,10.1.0.0/16,198.51.100.4' });
      for (const clientAddress of ['10.2.0.1', '2001:db8::2', '198.51.100.5', undefined]) {
        expect(failureOf(verifier.verify(key, PETSTORE, withRequest({ clientAddress })))).toEqual(FORBIDDEN);
      }
    });

    it('lets no one in when the claim holds nothing usable', () => {
      expect(failureOf(verifier.verify(keyOf({ permittedIP: 'nonsense, 10.0.0.0/99' }), PETSTORE, withRequest({ clientAddress: '10.0.0.1' })))).toEqual(FORBIDDEN);
      expect(failureOf(verifier.verify(keyOf({ permittedIP: ['203.0.113.7'] }), PETSTORE, REQUEST))).toEqual(FORBIDDEN);
    });
  });

  describe('permittedReferer', () => {
    const { verifier } = verifierWith();
    const key = keyOf({ permittedReferer: 'https://www.example.com/*, https://*.example.org/app' });

    it('admits a Referer matching a pattern, * standing for any text', () => {
      for (const referer of ['https://www.example.com/', 'https://www.example.com/shop/cart?x=1', 'https://a.b.example.org/app']) {
        expect(principalOf(verifier.verify(key, PETSTORE, withRequest({ headers: { referer } }))).scheme).toBe('api-key');
      }
    });

    it('answers 403 900908 to another Referer, and when the Referer header is missing', () => {
      for (const referer of ['https://www.example.net/', 'https://wwwXexample.com/', 'https://a.example.org/app/more', undefined]) {
        expect(failureOf(verifier.verify(key, PETSTORE, withRequest({ headers: { referer } })))).toEqual(FORBIDDEN);
      }
    });
  });
});
