import type { HeaderMap } from '#core';
import { BasicCredentials } from './basic-credentials.js';

describe('BasicCredentials', () => {
  it('sets Basic base64(username:password), replacing the client Authorization (spec §12 test values)', () => {
    const headers: HeaderMap = { authorization: 'Bearer client-token', accept: '*/*' };
    expect(new BasicCredentials('admin', 'admin').apply(headers)).toBeUndefined();
    expect(headers).toEqual({ authorization: 'Basic YWRtaW46YWRtaW4=', accept: '*/*' });
    const sandbox: HeaderMap = {};
    new BasicCredentials('guest', 'password').apply(sandbox);
    expect(sandbox.authorization).toBe('Basic Z3Vlc3Q6cGFzc3dvcmQ=');
  });

  it('encodes the user-pass as UTF-8', () => {
    const headers: HeaderMap = {};
    new BasicCredentials('jürgen', 'pässwörd').apply(headers);
    expect(Buffer.from(String(headers.authorization).slice(6), 'base64').toString('utf8')).toBe('jürgen:pässwörd');
  });

  it('is not renewable, leaves the query alone and disposes twice', async () => {
    const credentials = new BasicCredentials('a', 'b');
    expect(credentials.renewable).toBe(false);
    expect(credentials.renew({ authorization: 'Basic YTpi' })).toBe(false);
    expect(credentials.query('?x=1')).toBe('?x=1');
    await credentials.dispose();
    await credentials.dispose();
  });
});
