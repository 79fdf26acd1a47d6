import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { apictlProject, ccFixturePath, describeWithCcFixtures, openApiDocument, type ProjectFiles, writeTestConfig, zipProject } from '#testing';
import { runCli } from './support/built-cli.js';

/**
 * Issue 21 item 6: `npm run portico -- validate` checks projects offline with the deploy
 * pipeline's own validation. The built CLI runs as a child process on real projects; no
 * gateway listens.
 */


function writeProject(dir: string, files: ProjectFiles): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function project(name: string, basePath: string, extra: { production?: string; connector?: string } = {}): ProjectFiles {
  const definition = openApiDocument({
    title: name,
    version: 'v1',
    basePath,
    production: [extra.production ?? 'http://127.0.0.1:1/backend'],
    extra: extra.connector ? { 'x-portico-connector': extra.connector } : {},
  });
  // api.yaml's endpoint is valid: the definition's x-wso2-production-endpoints is what a test breaks.
  return apictlProject({ definition, name, version: 'v1', context: basePath, productionUrl: 'http://127.0.0.1:1/backend' });
}

const UNPARSABLE_URL = 'http:..mockBackend/v2';

describe('portico validate (built CLI)', () => {
  let dir: string;
  let config: string;
  let projects: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-cli-validate-'));
    config = writeTestConfig(dir);
    projects = join(dir, 'projects');
    writeProject(join(projects, 'good'), project('Good', '/good'));
    writeProject(join(projects, 'broken'), project('Broken', '/broken', { production: UNPARSABLE_URL }));
    writeProject(join(projects, 'unknown-connector'), project('Odd', '/odd', { connector: 'nope' }));
    writeProject(join(projects, '.hidden'), project('Hidden', '/hidden', { production: UNPARSABLE_URL }));
    writeFileSync(join(projects, 'zipped.zip'), await zipProject('Zipped', project('Zipped', '/zipped')));
    writeFileSync(join(projects, 'notes.txt'), 'not a project');
    writeFileSync(join(dir, 'single.yaml'), openApiDocument({ title: 'Single', version: 'v2', basePath: '/single', production: ['http://127.0.0.1:1/x'] }));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a folder of projects: every folder and zip (hidden entries skipped), each problem named, exit 1', async () => {
    const run = await runCli(['validate', '--config', config, projects]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      `invalid  ${join(projects, 'broken')}`,
      `  endpoint.url-invalid endpoint URL cannot be parsed (invalid port): ${UNPARSABLE_URL} (at Definitions/swagger.yaml#/x-wso2-production-endpoints/urls/0)`,
      `ok  Good:v1 (${join(projects, 'good')})`,
      `invalid  ${join(projects, 'unknown-connector')} (Odd:v1)`,
      expect.stringMatching(/^ {2}connector\.unknown connector type 'nope' is not registered; registered types: .* \(at Definitions\/swagger\.yaml#\/x-portico-connector\)$/),
      `ok  Zipped:v1 (${join(projects, 'zipped.zip')})`,
      '2 valid, 2 invalid',
    ]);
  });

  it('the same problems the admin API gives, as one JSON document with --json', async () => {
    const run = await runCli(['validate', '--json', '--config', config, join(projects, 'broken'), join(projects, 'good')]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual([
      {
        path: join(projects, 'broken'),
        ok: false,
        problems: [
          {
            code: 'endpoint.url-invalid',
            message: `endpoint URL cannot be parsed (invalid port): ${UNPARSABLE_URL}`,
            location: 'Definitions/swagger.yaml#/x-wso2-production-endpoints/urls/0',
          },
        ],
        warnings: [],
      },
      { path: join(projects, 'good'), ok: true, api: 'Good:v1', problems: [], warnings: [] },
    ]);
  });

  it('a project zip, a project folder and a single definition file, all valid: exit 0', async () => {
    const run = await runCli(['validate', '--config', config, join(projects, 'zipped.zip'), join(projects, 'good'), join(dir, 'single.yaml')]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(
      [`ok  Zipped:v1 (${join(projects, 'zipped.zip')})`, `ok  Good:v1 (${join(projects, 'good')})`, `ok  Single:v2 (${join(dir, 'single.yaml')})`, '3 valid, 0 invalid', ''].join('\n'),
    );
    // A check writes nothing where the gateway keeps its data.
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('two projects on one base path: the later one conflicts, as at boot', async () => {
    const clash = writeProject(join(dir, 'clash', 'other'), project('Other', '/good'));
    const run = await runCli(['validate', '--json', '--config', config, join(projects, 'good'), clash]);
    expect(run.code).toBe(1);
    const [, second] = JSON.parse(run.stdout) as { ok: boolean; problems: { code: string }[] }[];
    expect(second).toMatchObject({ ok: false, problems: [{ code: 'deploy.basepath-conflict' }] });
  });

  it.each([
    ['no command', []],
    ['an unknown command', ['frobnicate']],
    ['validate without a path', ['validate']],
    ['a path that does not exist', ['validate', 'no/such/project']],
    ['an unknown option', ['validate', '--fast', '.']],
  ])('%s: usage on stderr, exit 2', async (_case, args) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/usage: portico validate/);
  });
});

describeWithCcFixtures('portico validate on Choreo Connect sample projects', () => {
  it('validates the apictl sample projects (SOAP, WebSocket) with their warnings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-cli-cc-'));
    try {
      const config = writeTestConfig(dir);
      for (const name of ['SampleSOAPApi', 'SampleWebsocketApi']) cpSync(ccFixturePath(`samples/apiProjects/${name}`), join(dir, 'projects', name), { recursive: true });
      const run = await runCli(['validate', '--config', config, join(dir, 'projects')]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`ok  SampleSOAPApi:1.0.0 (${join(dir, 'projects', 'SampleSOAPApi')})`);
      expect(run.stdout).toContain(`ok  WebSocket:1.0.0 (${join(dir, 'projects', 'SampleWebsocketApi')})`);
      expect(run.stdout).toMatch(/^ {2}warning not-applied\.throttling .+ \(at api\.yaml#\/data\/apiThrottlingPolicy\)$/m);
      expect(run.stdout).toMatch(/2 valid, 0 invalid\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
