import { scrubSecrets } from './secret-scrubber.js';

describe('scrubSecrets', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXBhcnQ';

  it.each([
    ['Authorization: Bearer abc.DEF-123', 'Authorization: Bearer [REDACTED]'],
    ['header authorization=Basic YWRtaW46YWRtaW4=', 'header authorization=Basic [REDACTED]'],
    ['basic YWRtaW46c2VjcmV0 sent', 'basic [REDACTED] sent'],
    [`token ${jwt} refused`, 'token [REDACTED JWT] refused'],
    [`Bearer ${jwt}`, 'Bearer [REDACTED]'],
    ['GET /pets?apikey=k3y&limit=2', 'GET /pets?apikey=[REDACTED]&limit=2'],
    ['GET /pets?api_key=k3y', 'GET /pets?api_key=[REDACTED]'],
    ['form access_token=abc&password=hunter2', 'form access_token=[REDACTED]&password=[REDACTED]'],
    ['body {"username":"ops","password":"hunter2"}', 'body {"username":"ops","password":"[REDACTED]"}'],
    ['body {"clientSecret" : "s3c\\"ret", "x":1}', 'body {"clientSecret":"[REDACTED]", "x":1}'],
    ['escaped {\\"password\\":\\"hunter2\\"}', 'escaped {\\"password\\":\\"[REDACTED]\\"}'],
  ])('%s', (input, expected) => {
    expect(scrubSecrets(input)).toBe(expected);
  });

  it('leaves prose about schemes and ordinary text alone', () => {
    for (const text of [
      'admin credentials are required (HTTP Basic or a Bearer token)',
      'Basic realm="Portico admin"',
      'Deployed Pets:1.0 at /pets on Default/localhost',
      'my_password_field is not set',
      'tokens=3 remaining',
    ]) {
      expect(scrubSecrets(text)).toBe(text);
    }
  });

  it('returns the same string when no trigger occurs (no regex replace is run)', () => {
    const text = 'Deployed Orders:v1 at /orders';
    expect(scrubSecrets(text)).toBe(text);
  });
});
