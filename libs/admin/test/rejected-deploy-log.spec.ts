import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
// One case runs the real definition loader, for real validation codes: a test-only use of
// another lib, which the dependency rule (meant for production code) would otherwise forbid.
// eslint-disable-next-line no-restricted-imports
import { DefinitionsModule } from '#definitions';
import { type AdminHarness, apiDoc, basic, projectZip, settingsIn, startAdmin, tempDir, zipOf } from './admin-test-kit.spec-support.js';

const ADMIN = basic('admin', 'admin');
const PORTICO = '/portico/v1/apis';
const ADAPTER = '/api/mgw/adapter/0.1/apis';

/** Issue 13 item 12: every refused deploy or undeploy leaves one warning saying who, what and why. */
describe('the log line of a rejected deploy', () => {
  let admin: AdminHarness | undefined;
  let warnings: string[];
  let errors: string[];

  async function start(parts: Parameters<typeof startAdmin>[1] = {}, yaml = '', dir = tempDir()): Promise<AdminHarness> {
    admin = await startAdmin(settingsIn(dir, yaml), parts);
    // After startAdmin, which silences the logger.
    Logger.overrideLogger({ log() {}, debug() {}, verbose() {}, warn: (m: unknown) => warnings.push(String(m)), error: (m: unknown) => errors.push(String(m)) });
    return admin;
  }

  beforeEach(() => {
    warnings = [];
    errors = [];
  });

  afterEach(async () => {
    Logger.overrideLogger(false);
    await admin?.close();
    admin = undefined;
  });

  function send(harness: AdminHarness, method: string, path: string, body?: string | Buffer, auth = ADMIN, contentType = 'application/yaml'): Promise<Response> {
    const headers: Record<string, string> = auth ? { authorization: auth } : {};
    if (body !== undefined) headers['content-type'] = contentType;
    return fetch(`${harness.url}${path}`, { method, headers, body: typeof body === 'string' ? body : body && new Uint8Array(body) });
  }

  function upload(harness: AdminHarness, zip: Buffer, auth: string, query = ''): Promise<Response> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(zip)], { type: 'application/zip' }), 'PetsProject.zip');
    return fetch(`${harness.url}${ADAPTER}${query}`, { method: 'POST', body: form, headers: { authorization: auth } });
  }

  async function bearer(harness: AdminHarness): Promise<string> {
    const res = await fetch(`${harness.url}/api/mgw/adapter/0.1/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin' }),
    });
    return `Bearer ${((await res.json()) as { accessToken: string }).accessToken}`;
  }

  it('names the user, the upload, the codes and the status when the definition cannot be read', async () => {
    const harness = await start();
    const document = 'openapi: 3.0.0\ninfo: { title: NoVersion }\n';
    expect((await send(harness, 'POST', PORTICO, document)).status).toBe(422);
    expect(warnings).toEqual([
      `Rejected deploy: 422 [api.name-missing]; user admin (basic); upload application/yaml (${document.length} bytes); POST ${PORTICO}`,
    ]);
  });

  it('lists every problem code of a real validation', async () => {
    const harness = await start({ definitionsModule: DefinitionsModule });
    const document = [
      'openapi: 3.0.3',
      'info: { title: Orders, version: v1 }',
      'x-wso2-basePath: orders',
      'x-wso2-production-endpoints: { urls: ["http://backend.example:70000/api"] }',
      'paths: { /orders: { get: { responses: { "200": { description: ok } } } } }',
      '',
    ].join('\n');
    expect((await send(harness, 'POST', PORTICO, document)).status).toBe(422);
    expect(warnings).toEqual([
      `Rejected deploy: 422 [basepath.invalid, endpoint.port-range]; user admin (basic); upload application/yaml (${document.length} bytes); POST ${PORTICO}`,
    ]);
  });

  it('names the API once its definition was read, and a token user', async () => {
    const harness = await start();
    const token = await bearer(harness);
    expect((await upload(harness, await projectZip('Pets', 'v1'), token)).status).toBe(200);
    expect((await upload(harness, await projectZip('Pets', 'v1'), token)).status).toBe(409);
    expect((await upload(harness, await projectZip('Shop', 'v2', { 'x-test-connector': 'unknown' }), token, '?override=true')).status).toBe(422);
    expect((await send(harness, 'PUT', `${PORTICO}/Pets/v9`, apiDoc('Pets', 'v1'))).status).toBe(422);
    expect(warnings).toEqual([
      `Rejected deploy: 409 [deploy.api-exists]; user admin (token); API Pets:v1; POST ${ADAPTER}`,
      `Rejected deploy: 422 [connector.unknown]; user admin (token); API Shop:v2; POST ${ADAPTER}?override=true`,
      `Rejected deploy: 422 [deploy.identity-mismatch]; user admin (basic); API Pets:v1; PUT ${PORTICO}/Pets/v9`,
    ]);
  });

  it('names the uploaded file when the project cannot be read', async () => {
    const harness = await start();
    const zip = await zipOf({ 'P/api.yaml': 'type: api\n' });
    expect((await upload(harness, zip, ADMIN)).status).toBe(422);
    expect(warnings).toEqual([`Rejected deploy: 422 [project.definition-missing]; user admin (basic); file "PetsProject.zip" (${zip.length} bytes); POST ${ADAPTER}`]);
  });

  it('logs refused undeploys on both APIs', async () => {
    const harness = await start();
    expect((await send(harness, 'DELETE', `${PORTICO}/Gone/v1`)).status).toBe(404);
    expect((await send(harness, 'DELETE', `${ADAPTER}?apiName=Gone&version=v2`)).status).toBe(404);
    expect(warnings).toEqual([
      `Rejected undeploy: 404 [api.not-found]; user admin (basic); API Gone:v1; DELETE ${PORTICO}/Gone/v1`,
      `Rejected undeploy: 404 [api.not-found]; user admin (basic); API Gone:v2; DELETE ${ADAPTER}?apiName=Gone&version=v2`,
    ]);
  });

  it('logs deploys refused for their credentials or size, and nothing for reads or accepted deploys', async () => {
    const harness = await start({}, 'admin:\n  maxUploadBytes: 2048\n');
    expect((await send(harness, 'POST', PORTICO, apiDoc('Pets', 'v1'), basic('admin', 'wrong'))).status).toBe(401);
    expect((await send(harness, 'POST', PORTICO, Buffer.alloc(4096, 1), ADMIN, 'application/zip')).status).toBe(413);
    expect((await send(harness, 'POST', PORTICO, apiDoc('Pets', 'v1'))).status).toBe(201);
    expect((await send(harness, 'GET', `${PORTICO}/Nothing/v1`)).status).toBe(404);
    expect(warnings).toEqual([
      'Failed admin login: user "admin" from 127.0.0.1 on POST /portico/v1/apis; 1 failure(s) for this user name and 1 from this address within 15 min',
      `Rejected deploy: 401 [admin.unauthorized]; user unauthenticated; upload application/yaml (${apiDoc('Pets', 'v1').length} bytes); POST ${PORTICO}`,
      `Rejected deploy: 413 [artifact.too-large]; user admin (basic); upload application/zip (4096 bytes); POST ${PORTICO}`,
    ]);
    expect(errors).toEqual([]);
  });

  it('tells a deploy that failed inside the gateway in its one error line', async () => {
    const dir = tempDir();
    const harness = await start({}, '', dir);
    // The deployments folder becomes a file: persisting the upload fails.
    rmSync(join(dir, 'data', 'deployments'), { recursive: true });
    writeFileSync(join(dir, 'data', 'deployments'), 'not a folder');
    expect((await send(harness, 'POST', PORTICO, apiDoc('Pets', 'v1'))).status).toBe(500);
    expect(warnings).toEqual([]);
    expect(errors).toEqual([`Rejected deploy: 500 [admin.internal]; user admin (basic); upload application/yaml (${apiDoc('Pets', 'v1').length} bytes); POST ${PORTICO}`]);
  });
});
