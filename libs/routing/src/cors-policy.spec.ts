import { CompiledCorsPolicy } from './cors-policy.js';

const base = { enabled: true, allowMethods: ['GET'], allowHeaders: ['Authorization'], exposeHeaders: [] };

describe('CompiledCorsPolicy', () => {
  it('matches exact origins case-insensitively and wildcard origins by whole DNS labels', () => {
    const policy = new CompiledCorsPolicy({ ...base, allowOrigins: ['https://App.example', 'https://*.wild.example:8443'], allowCredentials: false });
    expect(policy.preflight('https://app.example')?.['access-control-allow-origin']).toBe('https://app.example');
    expect(policy.preflight('https://a.b.wild.example:8443')?.['access-control-allow-origin']).toBe('https://a.b.wild.example:8443');
    for (const origin of ['https://wild.example:8443', 'https://x.wild.example', 'https://x.wild.example:8443.evil', 'https://a/b.wild.example:8443', 'null']) {
      expect(policy.preflight(origin)).toBeUndefined();
    }
  });

  it('sends * only for any origin without credentials; echoes the origin otherwise', () => {
    const open = new CompiledCorsPolicy({ ...base, allowOrigins: ['*'], allowCredentials: false });
    expect(open.response('https://x.example')).toMatchObject({ 'access-control-allow-origin': '*', vary: 'Origin' });
    expect(open.reflectsAnyOriginWithCredentials).toBe(false);
    const credentialed = new CompiledCorsPolicy({ ...base, allowOrigins: ['*'], allowCredentials: true });
    expect(credentialed.response('https://x.example')).toMatchObject({ 'access-control-allow-origin': 'https://x.example', 'access-control-allow-credentials': 'true' });
    expect(credentialed.reflectsAnyOriginWithCredentials).toBe(true);
  });

  it('adds only Vary to responses without an allowed origin, and Max-Age to preflights when configured', () => {
    const policy = new CompiledCorsPolicy({ ...base, allowOrigins: ['https://app.example'], allowCredentials: false, maxAgeSeconds: 600 });
    expect(policy.response(undefined)).toEqual({ vary: 'Origin' });
    expect(policy.response('https://other.example')).toEqual({ vary: 'Origin' });
    expect(policy.preflight('https://app.example')).toEqual({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-methods': 'GET',
      'access-control-allow-headers': 'Authorization',
      'access-control-max-age': '600',
      vary: 'Origin',
    });
  });
});
