import { apictlApiYaml, loadDocument, loadZip, oas3, problemsOf, projectOf } from './fixtures.spec-support.js';

const WSDL = '<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" name="Phone"/>';
const OTHER = '<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" name="Other"/>';
const XSD = '<schema xmlns="http://www.w3.org/2001/XMLSchema"/>';
const soapPaths = { paths: { '/*': { post: { responses: { '200': { description: 'ok' } } } } } };

/** A SOAP pass-through project (api.yaml type: SOAP) with these root keys and project files. */
function soapProject(root: Record<string, unknown>, files: Record<string, string>, type = 'SOAP') {
  const definition = oas3({ ...soapPaths, ...root });
  return projectOf(definition, apictlApiYaml(definition, { type }), files);
}

describe('x-portico-wsdl (the WSDL a SOAP API serves at ?wsdl)', () => {
  it("serves the project's only .wsdl file, publicly, with the project's documents for its imports", async () => {
    const { api } = await loadZip(soapProject({}, { 'WSDL/Phone.wsdl': WSDL, 'WSDL/types.xsd': XSD }));
    expect(api.wsdl).toEqual({
      document: { kind: 'document', path: 'WSDL/Phone.wsdl', text: WSDL, files: { 'WSDL/Phone.wsdl': WSDL, 'WSDL/types.xsd': XSD } },
      public: true,
    });
  });

  it('takes the one x-portico-wsdl names among several, and public: false', async () => {
    const files = { 'WSDL/Phone.wsdl': WSDL, 'WSDL/Other.wsdl': OTHER };
    expect((await loadZip(soapProject({ 'x-portico-wsdl': 'WSDL/Other.wsdl' }, files))).api.wsdl).toMatchObject({ document: { path: 'WSDL/Other.wsdl', text: OTHER }, public: true });
    const closed = await loadZip(soapProject({ 'x-portico-wsdl': { path: './WSDL/Phone.wsdl', public: false } }, files));
    expect(closed.api.wsdl).toMatchObject({ document: { path: 'WSDL/Phone.wsdl' }, public: false });
    expect((await loadZip(soapProject({ 'x-portico-wsdl': { public: false } }, { 'WSDL/Phone.wsdl': WSDL }))).api.wsdl?.public).toBe(false);
  });

  it('serves none, with a warning, when several are left unnamed; none for HTTP APIs or without a project', async () => {
    const several = await loadZip(soapProject({}, { 'WSDL/Phone.wsdl': WSDL, 'WSDL/Other.wsdl': OTHER }));
    expect(several.api.wsdl).toBeUndefined();
    expect(several.warnings.map((w) => w.message)).toContainEqual(expect.stringContaining('several WSDL files (WSDL/Other.wsdl, WSDL/Phone.wsdl)'));
    expect((await loadZip(soapProject({}, { 'WSDL/Phone.wsdl': WSDL }, 'HTTP'))).api.wsdl).toBeUndefined();
    expect((await loadDocument(oas3(soapPaths))).api.wsdl).toBeUndefined();
  });

  it.each([
    ['a path outside the project', '../Phone.wsdl', 'soap.wsdl-unavailable'],
    ['a missing file', 'WSDL/Missing.wsdl', 'soap.wsdl-unavailable'],
    ['a schema, not a WSDL', 'WSDL/types.xsd', 'soap.wsdl-unavailable'],
    ['a value of the wrong type', 42, 'soap.mapping-invalid'],
    ['an unknown key', { path: 'WSDL/Phone.wsdl', open: true }, 'soap.mapping-invalid'],
    ['a public that is no boolean', { public: 'no' }, 'soap.mapping-invalid'],
  ])('refuses %s', async (_case, value, code) => {
    const problems = await problemsOf(loadZip(soapProject({ 'x-portico-wsdl': value }, { 'WSDL/Phone.wsdl': WSDL, 'WSDL/types.xsd': XSD })));
    expect(problems.map((p) => [p.code, p.location])).toEqual([[code, 'Definitions/swagger.yaml#/x-portico-wsdl']]);
  });

  it('refuses the extension on an API that is not SOAP, and in a definition deployed alone', async () => {
    const http = await problemsOf(loadZip(soapProject({ 'x-portico-wsdl': 'WSDL/Phone.wsdl' }, { 'WSDL/Phone.wsdl': WSDL }, 'HTTP')));
    expect(http.map((p) => p.message)).toEqual([expect.stringContaining('read only for SOAP APIs')]);
    const alone = await problemsOf(loadDocument(oas3({ ...soapPaths, 'x-portico-wsdl': 'WSDL/Phone.wsdl' })));
    expect(alone.map((p) => p.code)).toEqual(['soap.mapping-invalid']);
  });
});
