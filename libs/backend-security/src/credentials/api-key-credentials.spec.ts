import type { HeaderMap } from '#core';
import { ApiKeyCredentials } from './api-key-credentials.js';

describe('ApiKeyCredentials', () => {
  describe('in a header', () => {
    const credentials = new ApiKeyCredentials('header', 'X-Backend-Key', 's3cret');

    it('sets the lower-case header, replacing the client value', () => {
      const headers: HeaderMap = { 'x-backend-key': 'client-value', accept: '*/*' };
      expect(credentials.apply(headers)).toBeUndefined();
      expect(headers).toEqual({ 'x-backend-key': 's3cret', accept: '*/*' });
    });

    it('leaves the query alone', () => {
      expect(credentials.query('?X-Backend-Key=client')).toBe('?X-Backend-Key=client');
      expect(credentials.query('')).toBe('');
    });
  });

  describe('in the query', () => {
    const credentials = new ApiKeyCredentials('query', 'api key', 'v&l=ue');

    it('appends the percent-encoded parameter to an empty query', () => {
      expect(credentials.query('')).toBe('?api%20key=v%26l%3Due');
      expect(credentials.query('?')).toBe('?api%20key=v%26l%3Due');
    });

    it("removes every client parameter of that name, however it is encoded, and keeps the others' bytes and order", () => {
      expect(credentials.query('?a=1&api+key=x&b=%2F&api%20key&c=3')).toBe('?a=1&b=%2F&c=3&api%20key=v%26l%3Due');
    });

    it('keeps parameters whose name only resembles it, and malformed escapes as they are', () => {
      expect(credentials.query('?API+KEY=1&api=2&%E0%A4%A=3')).toBe('?API+KEY=1&api=2&%E0%A4%A=3&api%20key=v%26l%3Due');
    });

    it('sets no header', () => {
      const headers: HeaderMap = { authorization: 'Bearer client' };
      expect(credentials.apply(headers)).toBeUndefined();
      expect(headers).toEqual({ authorization: 'Bearer client' });
    });
  });

  it('is not renewable', () => {
    const credentials = new ApiKeyCredentials('query', 'k', 'v');
    expect(credentials.renewable).toBe(false);
    expect(credentials.renew({})).toBe(false);
  });
});
