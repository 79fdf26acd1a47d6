import { tokenLifetime } from './token-lifetime.js';

describe('tokenLifetime', () => {
  it('drops a token 10% of its lifetime before it expires', () => {
    expect(tokenLifetime(0, 300).freshUntil).toBe(270_000);
  });

  it('keeps the margin between 1 s and 60 s', () => {
    expect(tokenLifetime(0, 3600).freshUntil).toBe(3_540_000);
    expect(tokenLifetime(0, 5).freshUntil).toBe(4000);
  });

  it('keeps a token whose lifetime is not said 5 minutes at most', () => {
    expect(tokenLifetime(1000, undefined).freshUntil).toBeLessThanOrEqual(301_000);
  });

  it('does not keep a token that lives 1 s or less', () => {
    expect(tokenLifetime(1000, 1).freshUntil).toBeLessThanOrEqual(1000);
    expect(tokenLifetime(1000, 0).freshUntil).toBeLessThanOrEqual(1000);
  });

  it('refreshes before the token goes stale, and not before it was fetched', () => {
    const long = tokenLifetime(0, 3600);
    expect(long.refreshAt).toBe(3_480_000);
    const short = tokenLifetime(0, 2);
    expect(short.refreshAt).toBe(500);
    expect(tokenLifetime(0, 0).refreshAt).toBeLessThanOrEqual(0);
  });
});
