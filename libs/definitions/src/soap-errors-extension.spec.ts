import { loadDocument, oas3, problemsOf } from './fixtures.spec-support.js';

/** `x-portico-soap-errors` (spec §10.3, §16.3): this API's SOAP fault choice over dataPlane.soapErrorsInXml. */
describe('x-portico-soap-errors', () => {
  it.each(['xml', 'json'] as const)('carries %s on the API', async (format) => {
    const { api } = await loadDocument(oas3({ 'x-portico-soap-errors': format }));
    expect(api.soapErrors).toBe(format);
  });

  it('leaves the choice to the gateway setting when absent', async () => {
    const { api } = await loadDocument(oas3());
    expect(api.soapErrors).toBeUndefined();
    expect('soapErrors' in api).toBe(false);
  });

  it.each([['XML'], [true], ['soap'], [{ format: 'xml' }]])('refuses %j, naming what it takes', async (value) => {
    expect(await problemsOf(loadDocument(oas3({ 'x-portico-soap-errors': value }), undefined, 'swagger.json'))).toEqual([
      {
        code: 'soap-errors.invalid',
        message: `x-portico-soap-errors must be xml (SOAP faults) or json (JSON error bodies), got ${JSON.stringify(value)}`,
        location: 'swagger.json#/x-portico-soap-errors',
      },
    ]);
  });

  it('is read only at the root', async () => {
    const paths = { '/pet': { 'x-portico-soap-errors': 'xml', get: { responses: { '200': { description: 'ok' } } } } };
    expect(await problemsOf(loadDocument(oas3({ paths }), undefined, 'swagger.json'))).toEqual([
      {
        code: 'extension.unknown',
        message: 'x-portico-soap-errors is read only at the root of the definition; here it would have no effect',
        location: 'swagger.json#/paths/~1pet/x-portico-soap-errors',
      },
    ]);
  });
});
