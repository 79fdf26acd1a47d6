import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { apictlProject, contractClosedPort as closedPort, openApiDocument, type ProjectFiles, startTestGateway, type TestGateway, writeTestConfig, zipProject } from '#testing';
import { runCli } from './support/built-cli.js';

/**
 * Issue 21 item 6: `npm run portico -- diff` shows what deploying a folder of projects would change
 * on a running gateway, `sync` applies it. A real gateway listens; the built CLI runs as a child
 * process against its admin API.
 */


function project(name: string, basePath: string, backend = 'http://127.0.0.1:1/backend'): ProjectFiles {
  const definition = openApiDocument({ title: name, version: 'v1', basePath, production: [backend] });
  return apictlProject({ definition, name, version: 'v1', context: basePath, productionUrl: backend });
}

function writeProject(dir: string, files: ProjectFiles): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}


const OLD_BACKEND = 'http://127.0.0.1:1/old';
const NEW_BACKEND = 'http://127.0.0.1:1/new';

describe('portico diff and sync (built CLI, real gateway)', () => {
  let gateway: TestGateway;
  let dir: string;
  let config: string;
  let projects: string;
  let admin: string[];

  async function deployZip(name: string, files: ProjectFiles): Promise<void> {
    const answer = await gateway.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: await zipProject(name, files) });
    expect(answer.status).toBe(201);
  }

  beforeAll(async () => {
    gateway = await startTestGateway();
    admin = ['--admin', `http://127.0.0.1:${gateway.running.ports.admin}`, '--user', 'admin', '--password', 'admin'];
    dir = mkdtempSync(join(tmpdir(), 'portico-cli-sync-'));
    config = writeTestConfig(dir);
    projects = join(dir, 'projects');
    await deployZip('Changed', project('Changed', '/changed', OLD_BACKEND));
    await deployZip('Same', project('Same', '/same'));
    await deployZip('Removed', project('Removed', '/removed'));
    writeProject(join(projects, 'added'), project('Added', '/added'));
    writeProject(join(projects, 'changed'), project('Changed', '/changed', NEW_BACKEND));
    writeFileSync(join(projects, 'same.zip'), await zipProject('Same', project('Same', '/same')));
  });

  afterAll(async () => {
    await gateway.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('diff: one added, one changed (with a diff of the definitions), one removed, one unchanged; exit 3', async () => {
    const run = await runCli(['diff', '--config', config, ...admin, projects]);
    expect(run).toMatchObject({ code: 3, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`added      Added:v1 (${join(projects, 'added')})`);
    expect(lines[1]).toBe(`changed    Changed:v1 (${join(projects, 'changed')})`);
    expect(lines.slice(2, 4)).toEqual(['--- deployed Changed:v1', `+++ ${join(projects, 'changed')}`]);
    expect(lines[4]).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/);
    expect(lines).toContain(`-    - ${OLD_BACKEND}`);
    expect(lines).toContain(`+    - ${NEW_BACKEND}`);
    expect(lines.slice(-3)).toEqual(['removed    Removed:v1', `unchanged  Same:v1 (${join(projects, 'same.zip')})`, '1 added, 1 changed, 1 removed, 1 unchanged']);
  });

  it('diff --json: the same changes as one document', async () => {
    const run = await runCli(['diff', '--json', '--config', config, ...admin, projects]);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toEqual({
      added: [{ name: 'Added', version: 'v1', path: join(projects, 'added') }],
      changed: [{ name: 'Changed', version: 'v1', path: join(projects, 'changed'), diff: expect.stringContaining(`+    - ${NEW_BACKEND}`) }],
      removed: [{ name: 'Removed', version: 'v1' }],
      unchanged: [{ name: 'Same', version: 'v1', path: join(projects, 'same.zip') }],
    });
  });

  it('an invalid project: the validation report, exit 1, the gateway never asked', async () => {
    const broken = join(dir, 'broken');
    writeProject(join(broken, 'bad'), project('Bad', '/bad', 'http:..nowhere/v2'));
    // An admin URL nothing listens on: asking it would be exit 4.
    const run = await runCli(['diff', '--config', config, '--admin', `http://127.0.0.1:${await closedPort()}`, broken]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^invalid  ${join(broken, 'bad')}\n {2}endpoint\\.url-invalid `));
    expect(run.stdout).toMatch(/0 valid, 1 invalid\n$/);
  });

  it('wrong credentials or no gateway: one line on stderr, exit 4', async () => {
    const wrong = await runCli(['diff', '--config', config, '--admin', admin[1], '--user', 'admin', '--password', 'wrong', projects]);
    expect(wrong).toMatchObject({ code: 4, stdout: '' });
    expect(wrong.stderr).toMatch(/^portico diff: the admin API at .+ refused the credentials \(401\)\n$/);
    const port = await closedPort();
    const nobody = await runCli(['sync', '--config', config, '--admin', `http://127.0.0.1:${port}`, projects]);
    expect(nobody).toMatchObject({ code: 4, stdout: '', stderr: `portico sync: cannot reach the admin API at http://127.0.0.1:${port}/: ECONNREFUSED\n` });
  });

  it('sync deploys the added and changed projects and keeps the removed one; sync --prune undeploys it; then diff finds nothing', async () => {
    const sync = await runCli(['sync', '--config', config, ...admin, projects]);
    expect(sync).toMatchObject({ code: 0, stderr: '' });
    expect(sync.stdout.trimEnd().split('\n')).toEqual([
      `deployed   Added:v1 (${join(projects, 'added')})`,
      `deployed   Changed:v1 (${join(projects, 'changed')})`,
      'kept       Removed:v1: deployed but not in the folder; --prune undeploys it',
      `unchanged  Same:v1 (${join(projects, 'same.zip')})`,
    ]);
    const definition = await gateway.admin('/portico/v1/apis/Changed/v1/definition');
    expect(definition.text).toContain(NEW_BACKEND);
    expect((await gateway.admin('/portico/v1/apis/Added/v1')).status).toBe(200);

    const onlyRemoved = await runCli(['diff', '--config', config, ...admin, projects]);
    expect(onlyRemoved.code).toBe(3);
    expect(onlyRemoved.stdout).toMatch(/^removed {4}Removed:v1\n/);

    const prune = await runCli(['sync', '--prune', '--config', config, ...admin, projects]);
    expect(prune).toMatchObject({ code: 0, stderr: '' });
    expect(prune.stdout).toContain('undeployed Removed:v1\n');
    expect((await gateway.admin('/portico/v1/apis/Removed/v1')).status).toBe(404);

    const none = await runCli(['diff', '--config', config, ...admin, projects]);
    expect(none).toMatchObject({ code: 0, stderr: '' });
    expect(none.stdout).toMatch(/0 added, 0 changed, 0 removed, 3 unchanged\n$/);
  });

  it('a deploy the gateway refuses: its problems printed, exit 1', async () => {
    // Valid offline, but its base path is taken by an API deployed on the gateway.
    await deployZip('Blocker', project('Blocker', '/blocked'));
    const clash = join(dir, 'clash');
    writeProject(join(clash, 'clash'), project('Clash', '/blocked'));
    const run = await runCli(['sync', '--config', config, ...admin, clash]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^refused {4}Clash:v1 \\(${join(clash, 'clash')}\\): \\d{3} `));
    expect(lines[1]).toMatch(/^ {2}deploy\.basepath-conflict /);
  });

  it.each([
    ['diff without a folder', ['diff']],
    ['--prune on diff', ['diff', '--prune', '.']],
    ['a user without a password', ['sync', '--user', 'admin', '.']],
    ['a folder that does not exist', ['sync', 'no/such/folder']],
  ])('%s: usage on stderr, exit 2', async (_case, args) => {
    const run = await runCli(args);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/usage: portico validate/);
  });
});
