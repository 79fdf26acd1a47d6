import { apictlApiYaml, loadDocument, loadZip, oas3, problemsOf, projectOf } from './fixtures.spec-support.js';

const WSDL = '<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" name="Orders"><import location="types.xsd"/></definitions>';
const XSD = '<schema xmlns="http://www.w3.org/2001/XMLSchema"/>';
const ok = { responses: { '200': { description: 'ok' } } };

/** A REST API mediated to SOAP: the root names the service, each operation its WSDL operation. */
function mediated(soap: unknown, paths: Record<string, unknown> = { '/orders': { post: { ...ok, 'x-portico-soap': 'PlaceOrder' } } }): string {
  return oas3({ 'x-portico-soap': soap, paths });
}

describe('x-portico-soap (REST-to-SOAP mappings)', () => {
  it('reads the WSDL of the project, with its other .wsdl and .xsd files for imports, and the operation mappings', async () => {
    const definition = mediated({ wsdl: 'WSDL/Orders.wsdl', service: 'OrderService', port: 'OrderPort' });
    const { api } = await loadZip(projectOf(definition, apictlApiYaml(definition), { 'WSDL/Orders.wsdl': WSDL, 'WSDL/types.xsd': XSD }));
    expect(api.connector.type).toBe('soap');
    expect(api.soap).toEqual({
      wsdl: { kind: 'document', path: 'WSDL/Orders.wsdl', text: WSDL, files: { 'WSDL/Orders.wsdl': WSDL, 'WSDL/types.xsd': XSD } },
      service: 'OrderService',
      port: 'OrderPort',
      location: 'Definitions/swagger.yaml#/x-portico-soap',
    });
    expect(api.resources[0].operations[0].soap).toEqual({ operation: 'PlaceOrder', location: 'Definitions/swagger.yaml#/paths/~1orders/post/x-portico-soap' });
  });

  it('takes an http(s) URL, fetched when the API is deployed, and the { operation } form', async () => {
    const { api } = await loadDocument(mediated({ wsdl: 'https://soap.example/orders?wsdl' }, { '/orders': { post: { ...ok, 'x-portico-soap': { operation: 'PlaceOrder' } } } }));
    expect(api.soap?.wsdl).toEqual({ kind: 'url', url: 'https://soap.example/orders?wsdl' });
    expect(api.resources[0].operations[0].soap?.operation).toBe('PlaceOrder');
  });

  it('refuses a project path for a definition deployed alone, and paths that leave the project or name no WSDL of it', async () => {
    expect(await problemsOf(loadDocument(mediated({ wsdl: 'WSDL/Orders.wsdl' }), undefined, 'swagger.json'))).toEqual([
      expect.objectContaining({ code: 'soap.wsdl-unavailable', message: expect.stringContaining('a definition deployed alone names its WSDL by http(s) URL') }),
    ]);
    for (const wsdl of ['../Orders.wsdl', '/etc/passwd', 'WSDL/Missing.wsdl', 'api.yaml']) {
      const definition = mediated({ wsdl });
      const problems = await problemsOf(loadZip(projectOf(definition, apictlApiYaml(definition), { 'WSDL/Orders.wsdl': WSDL })));
      expect([wsdl, problems.map((p) => p.code)]).toEqual([wsdl, ['soap.wsdl-unavailable']]);
    }
  });

  it.each([
    ['not a map', 'Orders.wsdl', 'x-portico-soap must be a map'],
    ['no wsdl', { service: 'S' }, 'x-portico-soap must be a map'],
    ['an unknown key', { wsdl: 'https://soap.example/x', binding: 'B' }, 'unknown: binding'],
    ['an empty service', { wsdl: 'https://soap.example/x', service: '' }, 'service must be a name'],
  ])('refuses a root mapping with %s', async (_case, soap, message) => {
    const problems = await problemsOf(loadDocument(mediated(soap)));
    expect(problems).toEqual([expect.objectContaining({ code: 'soap.mapping-invalid', message: expect.stringContaining(message) })]);
  });

  it('refuses an operation mapping without the root one, and a malformed one', async () => {
    const lone = oas3({ paths: { '/orders': { post: { ...ok, 'x-portico-soap': 'PlaceOrder' } } } });
    expect((await problemsOf(loadDocument(lone))).map((p) => p.message)).toEqual(['x-portico-soap on POST /orders needs x-portico-soap at the root, naming the WSDL']);
    const malformed = mediated({ wsdl: 'https://soap.example/x' }, { '/orders': { post: { ...ok, 'x-portico-soap': { name: 'PlaceOrder' } } } });
    expect((await problemsOf(loadDocument(malformed))).map((p) => p.code)).toEqual(['soap.mapping-invalid']);
  });

  it('warns of operations without a mapping in a mediated API, and refuses the extension elsewhere', async () => {
    const paths = { '/orders': { post: { ...ok, 'x-portico-soap': 'PlaceOrder' }, get: ok } };
    const { warnings } = await loadDocument(mediated({ wsdl: 'https://soap.example/x' }, paths));
    expect(warnings.filter((w) => w.code === 'soap.mapping-invalid').map((w) => w.message)).toEqual(['GET /orders has no x-portico-soap operation: it will be answered 501']);
    const misplaced = mediated({ wsdl: 'https://soap.example/x' }, { '/orders': { 'x-portico-soap': 'PlaceOrder', post: ok } });
    expect(await problemsOf(loadDocument(misplaced))).toContainEqual(
      expect.objectContaining({ code: 'extension.unknown', message: 'x-portico-soap is read only at the root of the definition and on operations; here it would have no effect' }),
    );
  });
});
