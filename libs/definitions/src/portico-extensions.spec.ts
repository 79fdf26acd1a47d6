import { loadDocument, loadFolder, oas3, problemsOf, projectOf } from './fixtures.spec-support.js';

/**
 * An `x-portico-*` key Portico does not read would be silently ignored (issue 13, item 7):
 * it is a 422 naming the key, its location and the extensions Portico reads.
 */
const problemsOfDocument = (extra: Record<string, unknown>) => problemsOf(loadDocument(oas3(extra), undefined, 'swagger.json'));
const KNOWN = 'Portico reads only x-portico-mock, x-portico-connector, x-portico-backend-jwt, x-portico-soap-errors, x-portico-soap, x-portico-wsdl, at the root of the definition';

describe('x-portico-* extensions', () => {
  it('refuses a misspelt one at the root, naming it, where it is and the known ones', async () => {
    expect(await problemsOfDocument({ 'x-portico-mokc': true })).toEqual([
      { code: 'extension.unknown', message: `unknown extension x-portico-mokc: ${KNOWN}`, location: 'swagger.json#/x-portico-mokc' },
    ]);
  });

  it('refuses unknown ones anywhere in the structure, and known ones where they are not read, all at once', async () => {
    const paths = {
      '/pet': {
        'x-portico-mock': true,
        get: { 'X-Portico-Connector': 'rest', responses: { '200': { description: 'ok', 'x-portico-delay': 5 } } },
      },
    };
    const components = { schemas: { Pet: { type: 'object', 'x-portico-sample': 1 } } };
    expect(await problemsOfDocument({ paths, components, info: { title: 'Pets', version: '1.0.0', 'x-portico-owner': 'me' } })).toEqual([
      { code: 'extension.unknown', message: `unknown extension x-portico-owner: ${KNOWN}`, location: 'swagger.json#/info/x-portico-owner' },
      {
        code: 'extension.unknown',
        message: 'x-portico-mock is read only at the root of the definition; here it would have no effect',
        location: 'swagger.json#/paths/~1pet/x-portico-mock',
      },
      { code: 'extension.unknown', message: `unknown extension X-Portico-Connector: ${KNOWN}`, location: 'swagger.json#/paths/~1pet/get/X-Portico-Connector' },
      { code: 'extension.unknown', message: `unknown extension x-portico-delay: ${KNOWN}`, location: 'swagger.json#/paths/~1pet/get/responses/200/x-portico-delay' },
      { code: 'extension.unknown', message: `unknown extension x-portico-sample: ${KNOWN}`, location: 'swagger.json#/components/schemas/Pet/x-portico-sample' },
    ]);
  });

  it('checks the definition of an apictl project too', async () => {
    const apiYaml = JSON.stringify({ data: { name: 'Pets', version: '1.0.0', context: '/pets', endpointConfig: { production_endpoints: { url: 'http://a.example' } } } });
    expect(await problemsOf(loadFolder(projectOf(oas3({ 'x-portico-conector': 'rest' }), apiYaml)))).toEqual([
      expect.objectContaining({ code: 'extension.unknown', location: 'Definitions/swagger.yaml#/x-portico-conector' }),
    ]);
  });

  it('leaves alone names the author chose, example data and the values of other extensions', async () => {
    const schema = { type: 'object', properties: { 'x-portico-id': { type: 'string', default: { 'x-portico-any': 1 } } }, example: { 'x-portico-id': 'a' } };
    const response = {
      description: 'ok',
      headers: { 'x-portico-trace': { schema: { type: 'string' } } },
      content: { 'application/json': { schema, examples: { one: { value: { 'x-portico-id': 'b' } } } } },
    };
    const loaded = await loadDocument(
      oas3({
        'x-portico-mock': { quoteHeaderValues: false },
        'x-vendor': { 'x-portico-whatever': true },
        paths: { '/pet': { get: { responses: { '200': response, default: response } } } },
        components: { schemas: { 'x-portico-named': schema }, securitySchemes: { 'x-portico-key': { type: 'apiKey', name: 'k', in: 'header' } } },
      }),
    );
    expect(loaded.api.connector.type).toBe('mock');
  });
});
