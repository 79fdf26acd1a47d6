import { loadDocument, loadFolder, oas3, problemsOf, projectOf } from './fixtures.spec-support.js';

/**
 * Names and versions both admin APIs can address (issue 13, item 8): the adapter API's apiName
 * (3–255 of `[a-zA-Z0-9_~.-]`) and version (1–15 of `[a-zA-Z0-9_.-]`) rules, no "..".
 */
const RULE_NAME = 'it must be 3 to 255 characters of letters, digits and _ ~ . - (the adapter API\'s apiName rule), not "." and without "..", so that both admin APIs can address the API';
const RULE_VERSION = 'it must be 1 to 15 characters of letters, digits and _ . - (the adapter API\'s version rule), not "." and without "..", so that both admin APIs can address the API';

const documentWith = (title: string, version: string) => oas3({ info: { title, version } });
const apiYaml = (name: string, version: string) =>
  JSON.stringify({ type: 'api', data: { name, version, context: '/pets', endpointConfig: { production_endpoints: { url: 'http://a.example' } } } });

describe('API names from info.title (single documents)', () => {
  it.each([
    ['a slash', 'Pets/Admin', 'contains "/"'],
    ['a dot segment', '..', 'contains ".."'],
    ['two dots', 'Pets..Store', 'contains ".."'],
    ['a control character', 'Pets\u0007', 'contains control characters'],
    ['a line break', 'Pets\nStore', 'contains control characters'],
    ['characters the adapter API refuses', 'Pets:Store?é', 'contains ":", "?", "é"'],
    ['fewer than 3 characters', 'Pt', 'is 2 characters long'],
    ['more than 255 characters', 'P'.repeat(256), 'is 256 characters long'],
  ])('refuses a title with %s', async (_case, title, reason) => {
    const shown = JSON.stringify(title.length > 80 ? `${title.slice(0, 80)}…` : title);
    expect(await problemsOf(loadDocument(documentWith(title, '1.0.0'), undefined, 'swagger.json'))).toEqual([
      { code: 'api.name-invalid', message: `API name ${shown} ${reason}: ${RULE_NAME}`, location: 'swagger.json#/info/title' },
    ]);
  });

  it('says when the name is the title without its spaces', async () => {
    const [problem] = await problemsOf(loadDocument(documentWith('Pet / Store', '1.0.0')));
    expect(problem.message).toMatch(/^API name "Pet\/Store" \(info.title without its spaces\) contains "\/": /);
  });

  it.each([
    ['a slash', '1.0/beta', 'contains "/"'],
    ['a dot', '.', 'is "."'],
    ['two dots', '1..0', 'contains ".."'],
    ['a tilde (allowed in names, not in versions)', '1.0~rc', 'contains "~"'],
    ['a space', '1.0 beta', 'contains " "'],
    ['more than 15 characters', '1.0.0-2024-01-01', 'is 16 characters long'],
  ])('refuses a version with %s', async (_case, version, reason) => {
    expect(await problemsOf(loadDocument(documentWith('Pets', version), undefined, 'swagger.json'))).toEqual([
      { code: 'api.version-invalid', message: `API version ${JSON.stringify(version)} ${reason}: ${RULE_VERSION}`, location: 'swagger.json#/info/version' },
    ]);
  });

  it('accepts the limits: 3 and 255 characters, a 15-character version, every allowed character', async () => {
    for (const [title, version] of [['Pet', 'v'], ['P'.repeat(255), '1.0.0-rc_1.2345'], ['Swagger Petstore ~_.-9', 'V_1.0-a']]) {
      const { api } = await loadDocument(documentWith(title, version));
      expect([api.name, api.version]).toEqual([title.replace(/ /g, ''), version]);
    }
  });
});

describe('API names from api.yaml (projects)', () => {
  it('refuses a name and a version the admin APIs cannot address, both at once, at their locations in api.yaml', async () => {
    expect(await problemsOf(loadFolder(projectOf(oas3(), apiYaml('API-Policy API', '1.0/1'))))).toEqual([
      { code: 'api.name-invalid', message: `API name "API-Policy API" contains " ": ${RULE_NAME}`, location: 'api.yaml#/data/name' },
      { code: 'api.version-invalid', message: `API version "1.0/1" contains "/": ${RULE_VERSION}`, location: 'api.yaml#/data/version' },
    ]);
  });

  it('applies to mock projects too', async () => {
    const yaml = JSON.stringify({ type: 'api', data: { name: 'ab', version: '1', context: '/ab', endpointImplementationType: 'MOCKED_OAS' } });
    expect(await problemsOf(loadFolder(projectOf(oas3(), yaml)))).toEqual([expect.objectContaining({ code: 'api.name-invalid', location: 'api.yaml#/data/name' })]);
  });
});
