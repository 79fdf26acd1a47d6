import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// The admin API against the real definition loader: a test-only use of another lib, which
// the dependency rule (meant for production code) would otherwise forbid.
// eslint-disable-next-line no-restricted-imports
import { DefinitionsModule } from '#definitions';
import {
  type AdminHarness,
  basic,
  ccFixturePath,
  describeWithCcFixtures,
  settingsIn,
  startAdmin,
  tempDir,
  zipFolder,
  zipOf,
} from './admin-test-kit.spec-support.js';

const ADMIN = basic('admin', 'admin');

describeWithCcFixtures('admin API with the real DefinitionsModule', () => {
  const SOAP_PROJECT = ccFixturePath('samples/apiProjects/SampleSOAPApi');
  const PETSTORE = ccFixturePath('integration/openAPIs/openAPI_v3_standard_valid.yaml');
  let admin: AdminHarness | undefined;
  afterEach(async () => {
    await admin?.close();
    admin = undefined;
  });

  function upload(harness: AdminHarness, zip: Buffer): Promise<Response> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(zip)], { type: 'application/zip' }), 'project.zip');
    return fetch(`${harness.url}/api/mgw/adapter/0.1/apis`, { method: 'POST', body: form, headers: { authorization: ADMIN } });
  }

  it('deploys a Choreo Connect project zip through the adapter API and lists it', async () => {
    admin = await startAdmin(settingsIn(tempDir()), { definitionsModule: DefinitionsModule });
    const res = await upload(admin, await zipFolder(SOAP_PROJECT));
    expect(res.status).toBe(200);
    const list = await (await fetch(`${admin.url}/api/mgw/adapter/0.1/apis`, { headers: { authorization: ADMIN } })).json();
    expect(list).toMatchObject({ total: 1, list: [{ apiName: 'SampleSOAPApi', version: '1.0.0', apiType: 'SOAP', 'gateway-envs': ['Default'], vhost: 'localhost' }] });
    expect(admin.publisher.published()).toEqual(['SampleSOAPApi:1.0.0@localhost']);
  });

  it('deploys a single OpenAPI document through the Portico API and returns it unchanged', async () => {
    admin = await startAdmin(settingsIn(tempDir()), { definitionsModule: DefinitionsModule });
    const text = readFileSync(PETSTORE, 'utf8');
    const res = await fetch(`${admin.url}/portico/v1/apis`, { method: 'POST', headers: { authorization: ADMIN, 'content-type': 'application/yaml' }, body: text });
    expect(res.status).toBe(201);
    const summary = (await res.json()) as { name: string; version: string; basePath: string };
    expect(summary).toMatchObject({ name: 'SwaggerPetstore', version: '1.0.0', basePath: '/v3' });
    const location = res.headers.get('location')!;
    expect(location).toBe('/portico/v1/apis/SwaggerPetstore/1.0.0');
    const definition = await fetch(`${admin.url}${location}/definition`, { headers: { authorization: ADMIN } });
    expect(await definition.text()).toBe(text);
  });

  it('answers 400 for a corrupt zip and 422 with the problems for an invalid project', async () => {
    admin = await startAdmin(settingsIn(tempDir()), { definitionsModule: DefinitionsModule });
    const corrupt = await upload(admin, Buffer.from('PK not really a zip'));
    expect(corrupt.status).toBe(400);
    expect(await corrupt.json()).toMatchObject({ status: 400, problems: [expect.objectContaining({ code: expect.stringMatching(/^artifact\./) })] });
    const noApiYaml = await upload(admin, await zipOf({ 'P/Definitions/swagger.yaml': readFileSync(PETSTORE) }));
    expect(noApiYaml.status).toBe(422);
    expect(await noApiYaml.json()).toMatchObject({ status: 422, code: 'project.api-yaml-missing' });
    expect(admin.publisher.published()).toEqual([]);
  });

  it('deploys the project folders under apisDir at boot', async () => {
    const dir = tempDir();
    cpSync(SOAP_PROJECT, join(dir, 'apis', 'SampleSOAPApi'), { recursive: true });
    admin = await startAdmin(settingsIn(dir), { definitionsModule: DefinitionsModule });
    expect(admin.boot.failed).toEqual([]);
    expect(admin.publisher.published()).toEqual(['SampleSOAPApi:1.0.0@localhost']);
  });
});
