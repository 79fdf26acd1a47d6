import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AdminHarness, apiDoc, basic, projectZip, settingsIn, startAdmin, tempDir } from './admin-test-kit.spec-support.js';

const APIS = '/portico/v1/apis';
const ADMIN = basic('admin', 'admin');

function deploy(admin: AdminHarness, body: string | Buffer, query = '', contentType = 'application/yaml'): Promise<Response> {
  return fetch(`${admin.url}${APIS}${query}`, {
    method: 'POST',
    headers: { authorization: ADMIN, 'content-type': contentType },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
}

function get(admin: AdminHarness, path: string): Promise<Response> {
  return fetch(`${admin.url}${path}`, { headers: { authorization: ADMIN } });
}

function writeProject(dir: string, name: string, version: string, extra: Record<string, unknown> = {}): void {
  mkdirSync(join(dir, 'Definitions'), { recursive: true });
  writeFileSync(join(dir, 'api.yaml'), 'type: api\n');
  writeFileSync(join(dir, 'Definitions', 'swagger.yaml'), apiDoc(name, version, extra));
}

describe('deploy pipeline', () => {
  let admin: AdminHarness | undefined;
  afterEach(async () => {
    await admin?.close();
    admin = undefined;
  });

  it('runs concurrent deploys one after another', async () => {
    admin = await startAdmin(settingsIn(tempDir()));
    admin.loader.delayMs = 50;
    const results = await Promise.all([
      deploy(admin, apiDoc('A', 'v1')),
      deploy(admin, apiDoc('B', 'v1')),
      deploy(admin, apiDoc('C', 'v1', { 'x-wso2-basePath': '/same' })),
      deploy(admin, apiDoc('D', 'v1', { 'x-wso2-basePath': '/same' })),
    ]);
    // C and D race for one base path: whichever ran second saw the first and got 409.
    expect(results.slice(0, 2).map((r) => r.status)).toEqual([201, 201]);
    expect(results.slice(2).map((r) => r.status).sort()).toEqual([201, 409]);
    expect(admin.loader.maxInFlight).toBe(1);
    expect(admin.publisher.publishes.slice(1).map((p) => p.length)).toEqual([1, 2, 3]);
    const winner = results[2].status === 201 ? 'C' : 'D';
    expect(admin.publisher.published()).toEqual(['A:v1@localhost', 'B:v1@localhost', `${winner}:v1@localhost`]);
  });

  it('changes nothing when persisting fails: routing, state on disk and the API stay as they were', async () => {
    const dir = tempDir();
    admin = await startAdmin(settingsIn(dir));
    expect((await deploy(admin, apiDoc('Pets', 'v1'))).status).toBe(201);
    const statePath = join(dir, 'data', 'deployments', 'state.json');
    const stateBefore = readFileSync(statePath, 'utf8');
    const publishesBefore = admin.publisher.publishes.length;
    // A directory where the temp state file goes makes the durable write fail.
    mkdirSync(`${statePath}.tmp`);

    const failed = await deploy(admin, apiDoc('Store', 'v1'));
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ status: 500, code: 'admin.internal', message: expect.any(String) });
    expect(admin.publisher.publishes).toHaveLength(publishesBefore);
    expect(admin.publisher.discards).toBe(1);
    expect(admin.publisher.published()).toEqual(['Pets:v1@localhost']);
    expect(readFileSync(statePath, 'utf8')).toBe(stateBefore);
    expect((await get(admin, `${APIS}/Store/v1`)).status).toBe(404);

    const undeploy = await fetch(`${admin.url}${APIS}/Pets/v1`, { method: 'DELETE', headers: { authorization: ADMIN } });
    expect(undeploy.status).toBe(500);
    expect(admin.publisher.published()).toEqual(['Pets:v1@localhost']);

    rmSync(`${statePath}.tmp`, { recursive: true });
    expect((await deploy(admin, apiDoc('Store', 'v1'))).status).toBe(201);
  });

  it('restores admin deployments after a restart, in one snapshot, with their definitions and deploy times', async () => {
    const dir = tempDir();
    const first = await startAdmin(settingsIn(dir, 'environments:\n  - { name: Default, vhost: localhost }\n  - { name: US, vhost: us.example.com }\n'));
    expect((await deploy(first, await projectZip('Zipped', 'v1'), '', 'application/zip')).status).toBe(201);
    expect((await deploy(first, apiDoc('Doc', 'v2'), '?environment=US')).status).toBe(201);
    expect((await deploy(first, apiDoc('Gone', 'v1'))).status).toBe(201);
    expect((await fetch(`${first.url}${APIS}/Gone/v1`, { method: 'DELETE', headers: { authorization: ADMIN } })).status).toBe(204);
    const before = await (await get(first, `${APIS}/Doc/v2`)).json();
    await first.close();

    admin = await startAdmin(settingsIn(dir, 'environments:\n  - { name: Default, vhost: localhost }\n  - { name: US, vhost: us.example.com }\n'));
    expect(admin.publisher.publishes).toHaveLength(1);
    expect(admin.publisher.published()).toEqual(['Doc:v2@us.example.com', 'Zipped:v1@localhost']);
    expect(admin.boot).toEqual({ deployed: ['Zipped:v1 (persisted)', 'Doc:v2 (persisted)'], failed: [] });
    expect(await (await get(admin, `${APIS}/Doc/v2`)).json()).toEqual(before);
    expect(await (await get(admin, `${APIS}/Zipped/v1/definition`)).text()).toBe(apiDoc('Zipped', 'v1'));
    expect((await get(admin, `${APIS}/Gone/v1`)).status).toBe(404);
    expect((await deploy(admin, apiDoc('Doc', 'v2'), '?environment=US')).status).toBe(409);
  });

  it('deploys the projects under apisDir at boot, skipping hidden entries and broken projects, without persisting them', async () => {
    const dir = tempDir();
    const apis = join(dir, 'apis');
    writeProject(join(apis, 'pets'), 'Pets', 'v1');
    writeProject(join(apis, '.hidden'), 'Hidden', 'v1');
    writeProject(join(apis, 'broken'), 'Broken', 'v1');
    writeFileSync(join(apis, 'broken', 'Definitions', 'swagger.yaml'), 'openapi: 3.0.0\ninfo: {}\n');
    writeProject(join(apis, 'odd'), 'Odd', 'v1', { 'x-test-connector': 'unknown' });
    writeFileSync(join(apis, 'store.zip'), await projectZip('Store', 'v1'));
    writeFileSync(join(apis, 'notes.txt'), 'not a project');

    admin = await startAdmin(settingsIn(dir));
    expect(admin.publisher.publishes).toHaveLength(1);
    expect(admin.publisher.published()).toEqual(['Pets:v1@localhost', 'Store:v1@localhost']);
    expect(admin.boot.deployed).toEqual([join(apis, 'pets'), join(apis, 'store.zip')]);
    expect([...admin.boot.failed].sort()).toEqual([join(apis, 'broken'), join(apis, 'odd')]);
    expect(await (await get(admin, `${APIS}/Pets/v1`)).json()).toMatchObject({ origin: 'file' });
    expect(await (await get(admin, `${APIS}/Store/v1/definition`)).text()).toBe(apiDoc('Store', 'v1'));
    expect(await (await get(admin, `${APIS}/Pets/v1/definition`)).text()).toBe(apiDoc('Pets', 'v1'));
    expect(existsSync(join(dir, 'data', 'deployments', 'state.json'))).toBe(false);
  });

  it('lets an admin deploy that replaced a file project win after a restart', async () => {
    const dir = tempDir();
    writeProject(join(dir, 'apis', 'pets'), 'Pets', 'v1', { 'x-wso2-basePath': '/from-file' });
    const first = await startAdmin(settingsIn(dir));
    expect((await deploy(first, apiDoc('Pets', 'v1', { 'x-wso2-basePath': '/from-admin' }), '?override=true')).status).toBe(200);
    await first.close();

    admin = await startAdmin(settingsIn(dir));
    expect(admin.publisher.current.map((d) => d.api.basePath)).toEqual(['/from-admin']);
    expect(await (await get(admin, `${APIS}/Pets/v1`)).json()).toMatchObject({ origin: 'admin', basePath: '/from-admin' });
  });

  it('keeps persisted deployments that cannot be restored on disk until they are replaced or undeployed', async () => {
    const dir = tempDir();
    const twoEnvironments = 'environments:\n  - { name: Default, vhost: localhost }\n  - { name: US, vhost: us.example.com }\n';
    const first = await startAdmin(settingsIn(dir, twoEnvironments));
    expect((await deploy(first, apiDoc('Doc', 'v2'), '?environment=US')).status).toBe(201);
    await first.close();
    const stateFile = join(dir, 'data', 'deployments', 'state.json');
    const names = (): string[] => (JSON.parse(readFileSync(stateFile, 'utf8')) as { records: { name: string }[] }).records.map((r) => r.name).sort();

    // US is no longer configured: Doc is not served, but another deploy does not drop it from disk.
    const second = await startAdmin(settingsIn(dir));
    expect(second.publisher.published()).toEqual([]);
    expect((await deploy(second, apiDoc('Other', 'v1'))).status).toBe(201);
    expect(names()).toEqual(['Doc', 'Other']);
    await second.close();

    const third = await startAdmin(settingsIn(dir, twoEnvironments));
    expect(third.publisher.published()).toEqual(['Doc:v2@us.example.com', 'Other:v1@localhost']);
    await third.close();

    admin = await startAdmin(settingsIn(dir));
    expect((await fetch(`${admin.url}${APIS}/Doc/v2`, { method: 'DELETE', headers: { authorization: ADMIN } })).status).toBe(204);
    expect(names()).toEqual(['Other']);
  });

  it('starts with nothing deployed when apisDir does not exist', async () => {
    admin = await startAdmin(settingsIn(tempDir()));
    expect(admin.boot).toEqual({ deployed: [], failed: [] });
    expect(admin.publisher.publishes).toEqual([[]]);
  });
});
