import { hashPassword, parsePasswordHash, verifyPassword } from './password-hash.js';

describe('password hashes', () => {
  it('hashes to scrypt$N$r$p$salt$hash and verifies only the same password', async () => {
    const hash = await hashPassword('s3cret-pw');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('s3cret-pw', hash)).toBe(true);
    expect(await verifyPassword('s3cret-pW', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash and honours the parameters written in it', async () => {
    const a = await hashPassword('same', { N: 1024, r: 4, p: 2 });
    const b = await hashPassword('same', { N: 1024, r: 4, p: 2 });
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$1024$4$2$')).toBe(true);
    expect(await verifyPassword('same', b)).toBe(true);
  });

  it('rejects malformed hashes with a reason, and never verifies against them', async () => {
    expect(() => parsePasswordHash('scrypt$1000$8$1$c2FsdA==$aGFzaA==')).toThrow(/power of two/);
    expect(() => parsePasswordHash('bcrypt$x')).toThrow(/expected scrypt/);
    expect(() => parsePasswordHash('scrypt$1024$8$1$$')).toThrow(/missing/);
    expect(await verifyPassword('x', 'scrypt$nope')).toBe(false);
  });
});
