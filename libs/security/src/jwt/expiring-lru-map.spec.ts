import { ExpiringLruMap } from './expiring-lru-map.js';

describe('ExpiringLruMap', () => {
  it('drops the least recently used entry past maxEntries', () => {
    const map = new ExpiringLruMap<string>(3);
    for (const key of ['a', 'b', 'c']) map.set(key, key.toUpperCase(), 100, 0);
    expect(map.get('a', 1)).toBe('A');
    map.set('d', 'D', 100, 0);
    expect(map.size).toBe(3);
    expect(map.get('b', 1)).toBeUndefined();
    expect([map.get('a', 1), map.get('c', 1), map.get('d', 1)]).toEqual(['A', 'C', 'D']);
    map.set('e', 'E', 100, 0);
    expect(map.get('a', 1)).toBeUndefined();
  });

  it('forgets an entry at its expiry time, and never stores one already expired', () => {
    const map = new ExpiringLruMap<number>(10);
    map.set('x', 1, 50, 0);
    map.set('late', 2, 10, 10);
    expect(map.get('x', 49)).toBe(1);
    expect(map.get('x', 50)).toBeUndefined();
    expect(map.get('late', 0)).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('setting a key again replaces its value and expiry', () => {
    const map = new ExpiringLruMap<number>(2);
    map.set('x', 1, 50, 0);
    map.set('x', 2, 80, 0);
    expect(map.size).toBe(1);
    expect(map.get('x', 60)).toBe(2);
  });

  it('maxEntries 0 stores nothing', () => {
    const map = new ExpiringLruMap<number>(0);
    map.set('x', 1, 50, 0);
    expect(map.get('x', 1)).toBeUndefined();
  });

  it('a hit in a full map of 10 000 long keys costs well under a microsecond', () => {
    const map = new ExpiringLruMap<number>(10_000);
    const keys = Array.from({ length: 10_000 }, (_, i) => `${'t'.repeat(700)}${i}`);
    keys.forEach((key, i) => map.set(key, i, Number.MAX_SAFE_INTEGER, 0));
    const rounds = 200_000;
    const began = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) map.get(keys[(i * 7919) % keys.length]!, 1);
    // Typically tens of nanoseconds; the bound leaves room for a slow shared CI machine.
    expect(Number(process.hrtime.bigint() - began) / rounds).toBeLessThan(1000);
    expect(map.size).toBe(10_000);
  });
});
