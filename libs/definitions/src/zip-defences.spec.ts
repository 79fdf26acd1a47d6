import type { ApiSource } from '#core';
import { describeWithCcFixtures, problemsOf, readFixture, testSettings, zipOf, loadZip, apictlApiYaml } from './fixtures.spec-support.js';
import { loadApiDefinition } from './load-api-definition.js';
// Not #testing, which would load the whole gateway into these unit tests.
// eslint-disable-next-line no-restricted-imports
import { understateZipEntry } from '../../testing/src/project-zip.js';

const zipSource = (data: Buffer): ApiSource => ({ kind: 'zip', data, name: 'upload.zip' });

/** Renames an entry in place (same length), in both the local header and the central directory. */
function rename(zip: Buffer, from: string, to: string): Buffer {
  const out = Buffer.from(zip);
  let at = out.indexOf(from);
  while (at >= 0) {
    out.write(to, at, 'latin1');
    at = out.indexOf(from, at + 1);
  }
  return out;
}

describe('project folder defences', () => {
  it('reports a project folder that cannot be read', async () => {
    const problems = await problemsOf({ kind: 'folder', path: '/nonexistent/portico/project' });
    expect(problems).toEqual([expect.objectContaining({ code: 'artifact.unreadable', location: '/nonexistent/portico/project' })]);
  });
});

describeWithCcFixtures('zip defences', () => {
  const definition = readFixture('integration/openAPIs/openAPI_v3_standard_valid.yaml');
  const project = { 'Pets/api.yaml': apictlApiYaml(definition), 'Pets/Definitions/swagger.yaml': definition };

  it('reads a well-formed project zip, with or without a top-level folder', async () => {
    expect((await loadZip(project)).api.name).toBe('SwaggerPetstore');
    const atRoot = { 'api.yaml': project['Pets/api.yaml'], 'Definitions/swagger.yaml': definition, '__MACOSX/._api.yaml': 'junk', '.hidden/api.yaml': 'junk' };
    expect((await loadZip(atRoot)).api.name).toBe('SwaggerPetstore');
  });

  it('refuses data that is not a zip, and a truncated zip', async () => {
    expect(await problemsOf(zipSource(Buffer.from('this is not a zip file')))).toEqual([
      { code: 'artifact.unreadable', message: expect.stringMatching(/^the upload is not a readable zip file: /) },
    ]);
    const zip = await zipOf(project);
    expect((await problemsOf(zipSource(zip.subarray(0, zip.length - 30))))[0].code).toBe('artifact.unreadable');
  });

  it('refuses entries that would escape the project folder', async () => {
    const zip = rename(rename(await zipOf({ ...project, 'Pets/zz/evil.txt': 'x', 'Xetc/passwd': 'y' }), 'zz/evil.txt', '../evil.txt'), 'Xetc/passwd', '/etc/passwd');
    expect(await problemsOf(zipSource(zip))).toEqual([
      { code: 'artifact.unsafe-entry', message: 'zip entry "Pets/../evil.txt" is refused: invalid relative path: Pets/../evil.txt', location: 'Pets/../evil.txt' },
      { code: 'artifact.unsafe-entry', message: 'zip entry "/etc/passwd" is refused: absolute path: /etc/passwd', location: '/etc/passwd' },
    ]);
  });

  it('refuses more than 10 000 entries', async () => {
    const many: Record<string, string> = { ...project };
    for (let i = 0; i < 10_000; i++) many[`Pets/Docs/${i}.txt`] = '';
    expect(await problemsOf(zipSource(await zipOf(many)))).toEqual([
      { code: 'artifact.too-many-entries', message: 'the zip has 10002 entries; at most 10000 are accepted' },
    ]);
    // Writing a 10 002-entry zip takes about 10 s on a busy 2-core machine: not what is tested.
  }, 120_000);

  it('refuses projects that declare more than definitions.maxProjectBytes', async () => {
    const settings = testSettings();
    settings.definitions.maxProjectBytes = 8192;
    const zip = await zipOf({ ...project, 'Pets/Docs/big.txt': Buffer.alloc(9000) });
    expect(await problemsOf(loadApiDefinition(zipSource(zip), settings))).toEqual([
      { code: 'artifact.too-large', message: 'the project expands to more than 8192 bytes (definitions.maxProjectBytes)' },
    ]);
  });

  it('stops inflating an entry that expands beyond its declared size', async () => {
    const padded = definition + `\n# ${'x'.repeat(20_000)}\n`;
    const zip = understateZipEntry(await zipOf({ ...project, 'Pets/Definitions/swagger.yaml': padded }), 'Pets/Definitions/swagger.yaml', 100);
    expect(await problemsOf(loadApiDefinition(zipSource(zip), testSettings()))).toEqual([
      {
        code: 'artifact.unreadable',
        message: 'zip entry "Pets/Definitions/swagger.yaml" inflates to more than the 100 bytes it declares: the zip is damaged or forged',
        location: 'Pets/Definitions/swagger.yaml',
      },
    ]);
  });
});
