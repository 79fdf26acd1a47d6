import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startGateway } from '#gateway';
import { loadSettings } from '#settings';
import { apictlProject, basicAuth, call, startTestGateway, type TestGateway, writeTestConfig, zipProject } from '#testing';
import { ADAPTER_BASE, adapterDeploy, adapterUndeploy, bearerToken, PORTICO_BASE, requestToken } from './support/admin-api.js';

/** Issue 21 item 7: every deploy, undeploy and login attempt of the admin API is an audit record. */

interface AuditLine {
  type: string;
  time: string;
  action: string;
  actor?: string;
  client: string;
  target?: string;
  outcome: string;
  status: number;
  code?: string;
  detail?: string;
}

function mockDefinition(title: string): string {
  return stringify({
    openapi: '3.0.3',
    info: { title, version: 'v1' },
    'x-wso2-disable-security': true,
    'x-portico-mock': true,
    paths: { '/x': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { example: {} } } } } } } },
  });
}

const project = () => zipProject('Audited', apictlProject({ name: 'Audited', version: 'v1', context: '/audited', definition: mockDefinition('Audited') }));

describe('admin audit log to a file (admin.audit.destination)', () => {
  let dir: string;
  let gw: TestGateway;
  let lines: AuditLine[];
  let text: string;
  let guesses = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-audit-'));
    gw = await startTestGateway({ dir, settings: { admin: { audit: { destination: 'audit/admin.log' }, loginThrottle: { maxFailures: 3 } } } });
    const admin = gw.running.ports.admin!;

    expect((await requestToken(admin, 'admin', 'admin')).status).toBe(200);
    expect((await requestToken(admin, 'admin', 'nope')).status).toBe(401);
    const token = await bearerToken(gw);
    expect((await adapterDeploy(gw, await project(), { auth: token })).status).toBe(200);
    expect((await adapterDeploy(gw, await project(), { auth: token })).status).toBe(409);
    const invalid = await gw.admin(`${PORTICO_BASE}/apis`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: 'openapi: 3.0.3\ninfo: {}\n' });
    expect(invalid.status).toBeGreaterThanOrEqual(400);
    expect((await call({ port: admin, method: 'DELETE', path: `${PORTICO_BASE}/apis/Audited/v1` })).status).toBe(401);
    expect((await adapterUndeploy(gw, 'Audited', 'v1', 'Bearer not-a-token')).status).toBe(401);
    expect((await adapterUndeploy(gw, 'Audited', 'v1')).status).toBe(200);
    // Guessing goes on until the throttle (maxFailures 3) answers 429.
    const guess = () => call({ port: admin, path: `${ADAPTER_BASE}/apis`, headers: { authorization: basicAuth('mallory', 'guess') } });
    for (let status = 401; status === 401; guesses++) status = (await guess()).status;
    expect(guesses).toBeLessThanOrEqual(4);

    await gw.close();
    text = readFileSync(join(dir, 'audit', 'admin.log'), 'utf8');
    lines = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as AuditLine);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one JSON object per event, type first, stamped with an ISO time, from the client address', () => {
    expect(text.startsWith('{"type":"audit","time":"')).toBe(true);
    for (const line of lines) {
      expect(line).toMatchObject({ type: 'audit', time: expect.stringMatching(/Z$/), client: '127.0.0.1' });
      expect(['success', 'failure', 'refused']).toContain(line.outcome);
    }
  });

  it('records token requests and password logins, succeeded, failed and throttled, with the name tried', () => {
    expect(lines).toContainEqual(expect.objectContaining({ action: 'token', actor: 'admin', outcome: 'success', status: 200 }));
    expect(lines).toContainEqual(expect.objectContaining({ action: 'token', actor: 'admin', outcome: 'failure', status: 401, code: 'admin.unauthorized' }));
    expect(lines.filter((l) => l.action === 'login' && l.actor === 'mallory').map((l) => [l.outcome, l.status, l.code])).toEqual([
      ...Array.from({ length: guesses - 1 }, () => ['failure', 401, 'admin.unauthorized']),
      ['refused', 429, 'admin.login-throttled'],
    ]);
    expect(lines).toContainEqual(expect.objectContaining({ action: 'login', outcome: 'failure', status: 401, detail: expect.stringMatching(/^invalid admin token/) }));
    expect(text).not.toContain('guess');
    expect(text).not.toContain('nope');
  });

  it('records deploys and undeploys with the user, the API and the outcome, refused and failed ones with their code', () => {
    const changes = lines.filter((l) => l.action === 'deploy' || l.action === 'undeploy');
    expect(changes.map(({ action, actor, target, outcome, status, code }) => ({ action, actor, target, outcome, status, code }))).toEqual([
      { action: 'deploy', actor: 'admin', target: 'Audited:v1', outcome: 'success', status: 200, code: undefined },
      { action: 'deploy', actor: 'admin', target: 'Audited:v1', outcome: 'failure', status: 409, code: 'deploy.api-exists' },
      { action: 'deploy', actor: 'admin', target: undefined, outcome: 'failure', status: expect.any(Number), code: expect.any(String) },
      { action: 'undeploy', actor: undefined, target: 'Audited:v1', outcome: 'refused', status: 401, code: 'admin.unauthorized' },
      { action: 'undeploy', actor: undefined, target: 'Audited:v1', outcome: 'refused', status: 401, code: 'admin.unauthorized' },
      { action: 'undeploy', actor: 'admin', target: 'Audited:v1', outcome: 'success', status: 200, code: undefined },
    ]);
  });
});

describe('admin audit log through the log (admin.audit.destination: log)', () => {
  let dir: string;

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is written whatever logging.level leaves out', async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-audit-'));
    const file = writeTestConfig(dir, { logging: { level: 'error', format: 'json', destination: join(dir, 'gateway.log') } });
    // Not the test kit's startTestGateway: its `logger: ['error']` leaves audit records out of the log.
    const gateway = await startGateway(loadSettings({ argv: ['--config', file], env: {}, cwd: dir }));
    expect((await requestToken(gateway.ports.admin!, 'admin', 'admin')).status).toBe(200);
    await gateway.close();
    const records = readFileSync(join(dir, 'gateway.log'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toEqual([
      expect.objectContaining({ level: 'audit', context: 'Audit', type: 'audit', action: 'token', time: expect.stringMatching(/Z$/), actor: 'admin', client: '127.0.0.1', outcome: 'success', msg: 'token success by admin from 127.0.0.1 (200)' }),
    ]);
  });
});
