import { connectorFor, forwardThrough, mockApiOf, openApi3, operationOf } from './test-api.spec-support.js';

/** The `x-portico-mock` options (each default reproduces Choreo Connect, spec §18.10) and ordering. */
describe('options', () => {
  const document = openApi3(`  /greeting:
    get:
      responses:
        default:
          description: ok
          headers:
            x-text: { example: Sample header value }
            x-count: { example: 5 }
            x-object: { example: { b: 1, a: [x] } }
            x-line: { example: "two\\nlines" }
            x-unicode: { example: "€uro" }
          content:
            application/json:
              examples:
                Hello: { value: { text: hi } }
                hello: { value: { text: lower } }
            text/plain:
              example: plain
            application/xml:
              example: <x/>`);
  const greeting = (api = mockApiOf(document)) => operationOf(api, '/greeting');

  it('quoteHeaderValues (default true) sends header examples as JSON text; false sends strings as written', async () => {
    const quoted = await forwardThrough(connectorFor(document), greeting());
    expect(quoted.headers).toMatchObject({
      'x-text': '"Sample header value"',
      'x-count': '5',
      'x-object': '{"a":["x"],"b":1}',
      'x-line': '"two\\nlines"',
    });
    const plain = await forwardThrough(connectorFor(document, { quoteHeaderValues: false }), greeting());
    expect(plain.headers).toMatchObject({
      'x-text': 'Sample header value',
      'x-count': '5',
      'x-object': '{"a":["x"],"b":1}',
      'x-line': '"two\\nlines"',
    });
    // Non-ASCII text leaves as its UTF-8 bytes (Node writes header strings byte per character).
    expect(Buffer.from(plain.headers['x-unicode'] as string, 'latin1').toString('utf8')).toBe('€uro');
  });

  it('lowerCaseExampleNames (default true) makes upper-case names unreachable; false matches them exactly', async () => {
    const cc = connectorFor(document);
    expect((await forwardThrough(cc, greeting(), { prefer: 'example=Hello' })).body).toBe('{"text":"lower"}');
    const exact = connectorFor(document, { lowerCaseExampleNames: false });
    expect((await forwardThrough(exact, greeting(), { prefer: 'example=Hello' })).body).toBe('{"text":"hi"}');
    expect((await forwardThrough(exact, greeting(), { prefer: 'example=hello' })).body).toBe('{"text":"lower"}');
    const missing = await forwardThrough(exact, greeting(), { prefer: 'example=HELLO' });
    expect(missing.body).toContain('Example preference HELLO is not supported for this resource');
  });

  it("acceptNegotiation 'last-match' (default) lets the last matching entry win", async () => {
    const result = await forwardThrough(connectorFor(document), greeting(), { accept: 'text/plain;q=1, application/*;q=0.1' });
    expect(result.headers['content-type']).toBe('application/json');
  });

  it.each([
    ['text/plain;q=1, application/*;q=0.1', 'text/plain'],
    ['application/*;q=0.5, application/xml;q=0.9', 'application/xml'],
    ['*/*;q=0.2, text/plain;q=0', 'application/json'],
    ['*;q=0.3, application/xml;q=0.3', 'application/xml'],
    ['TEXT/PLAIN', 'text/plain'],
    ['application/json;q=0.5;charset=utf-8, text/plain;q=0.5', 'application/json'],
    ['text/plain;q=abc, application/xml', 'application/xml'],
  ])("acceptNegotiation 'q-values': Accept %s gives %s", async (accept, mediaType) => {
    const result = await forwardThrough(connectorFor(document, { acceptNegotiation: 'q-values' }), greeting(), { accept });
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe(mediaType);
  });

  it("acceptNegotiation 'q-values' answers 501 when every match has q=0", async () => {
    const connector = connectorFor(document, { acceptNegotiation: 'q-values' });
    const result = await forwardThrough(connector, greeting(), { accept: 'application/*;q=0, text/plain;q=0' });
    expect(result.statusCode).toBe(501);
    expect(result.body).toContain('Accept type [application/*;q=0,  text/plain;q=0] is not supported for this resource');
  });
});

describe('determinism', () => {
  it('without default and code takes the first response and media type in definition order', async () => {
    const document = openApi3(`  /order:
    get:
      responses:
        5XX: { description: a, content: { text/plain: { example: five }, application/xml: { example: x } } }
        4XX: { description: b, content: { application/json: { example: four } } }`);
    const api = mockApiOf(document);
    for (let i = 0; i < 3; i++) {
      const result = await forwardThrough(connectorFor(document), operationOf(api, '/order'));
      expect(result.statusCode).toBe(500);
      expect(result.headers['content-type']).toBe('text/plain');
      expect(result.body).toBe('"five"');
    }
  });

  it('never serves response keys that cannot be a final status (1xx) or are not codes', async () => {
    const document = openApi3(`  /odd:
    get:
      responses:
        1XX: { description: a, content: { application/json: { example: info } } }
        '2000': { description: b, content: { application/json: { example: long } } }
        2XX: { description: c, content: { application/json: { example: ok } } }`);
    const api = mockApiOf(document);
    const connector = connectorFor(document);
    const result = await forwardThrough(connector, operationOf(api, '/odd'));
    expect(result.statusCode).toBe(200);
    expect(result.body).toBe('"ok"');
    expect((await forwardThrough(connector, operationOf(api, '/odd'), { prefer: 'code=101' })).statusCode).toBe(501);
  });
});
