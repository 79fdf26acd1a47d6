import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { stringify } from 'yaml';
import { type RunningGateway, startGateway } from '#gateway';
import { loadSettings } from '#settings';
import { ADMIN_AUTH, basicAuth, call, type CallResult, writeTestConfig } from '#testing';

/** Issue 21 item 1: the whole gateway logs JSON lines through pino, with secrets redacted. */

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvcHMifQ.c2lnbmF0dXJl';

function mockApi(title: string): string {
  return stringify({
    openapi: '3.0.3',
    info: { title, version: 'v1' },
    'x-wso2-basePath': `/${title.toLowerCase()}`,
    'x-wso2-disable-security': true,
    'x-portico-mock': true,
    paths: { '/x': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { example: {} } } } } } } },
  });
}

describe('structured logs (pino)', () => {
  let dir: string;
  let logFile: string;
  let gateway: RunningGateway;
  let records: Record<string, unknown>[];
  let text: string;

  const admin = (path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<CallResult> =>
    call({ port: gateway.ports.admin!, path, method: options.method, headers: { authorization: ADMIN_AUTH, ...options.headers }, body: options.body });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-logs-'));
    logFile = join(dir, 'logs', 'gateway.log');
    // Relative: resolved against the start directory, as every path of the settings.
    const file = writeTestConfig(dir, { logging: { level: 'log', format: 'json', destination: 'logs/gateway.log' } });
    const settings = loadSettings({ argv: ['--config', file], env: {}, cwd: dir });
    gateway = await startGateway(settings);

    expect((await admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: mockApi('Logged') })).status).toBe(201);
    expect((await admin('/portico/v1/apis', { headers: { authorization: basicAuth('admin', 'wrong') } })).status).toBe(401);
    expect((await admin('/portico/v1/apis/Logged/v1', { method: 'DELETE' })).status).toBe(204);
    const logger = new Logger('Test');
    logger.warn(`calling the backend with Authorization: Bearer ${JWT}`);
    logger.warn(`token in text: ${JWT}; query ?apikey=k3y&x=1; body {"password":"hunter2"}`);
    logger.warn({ headers: { authorization: 'Basic b3BzOnNlY3JldA==', cookie: 'session=abc' }, backend: { password: 'pw' } });
    logger.error('failed', new Error('boom').stack);

    await gateway.close();
    text = readFileSync(logFile, 'utf8');
    records = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every line as one JSON object with level, ISO time, pid, hostname and msg, and no ANSI escape', () => {
    expect(records.length).toBeGreaterThan(5);
    for (const record of records) {
      expect(record).toMatchObject({ level: expect.any(String), time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), pid: process.pid });
      expect(['fatal', 'error', 'warn', 'info', 'audit']).toContain(record.level);
    }
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\\u001b');
    // One `time` per line: the audit records' own stamp is pino's.
    for (const line of text.split('\n')) expect((line.match(/"time":/g) ?? []).length).toBeLessThanOrEqual(1);
  });

  it("carries each logger's context, the gateway's own and Nest's", () => {
    const contexts = new Set(records.map((r) => r.context));
    for (const context of ['DeployPipeline', 'Admin', 'AdminAuth', 'Test']) expect(contexts).toContain(context);
    expect(records).toContainEqual(expect.objectContaining({ level: 'info', context: 'DeployPipeline', msg: expect.stringMatching(/^Deployed Logged:v1 at \/logged/) }));
    expect(records).toContainEqual(expect.objectContaining({ level: 'warn', context: 'AdminAuth', msg: expect.stringContaining('Failed admin login: user "admin"') }));
  });

  it('redacts tokens, JWTs, API keys and passwords in messages and in fields', () => {
    for (const secret of [JWT, 'k3y', 'hunter2', 'b3BzOnNlY3JldA==', 'session=abc', '"pw"', 'YWRtaW46']) expect(text).not.toContain(secret);
    const test = records.filter((r) => r.context === 'Test');
    expect(test.map((r) => r.msg)).toEqual([
      'calling the backend with Authorization: Bearer [REDACTED]',
      'token in text: [REDACTED JWT]; query ?apikey=[REDACTED]&x=1; body {"password":"[REDACTED]"}',
      undefined,
      'failed',
    ]);
    expect(test[2]).toMatchObject({ headers: { authorization: '[REDACTED]', cookie: '[REDACTED]' }, backend: { password: '[REDACTED]' } });
    expect(test[3]).toMatchObject({ level: 'error', err: { stack: expect.stringMatching(/^Error: boom\n\s+at /) } });
  });

  it('writes the audit records through the same log (admin.audit.destination: log)', () => {
    const audit = records.filter((r) => r.context === 'Audit');
    expect(audit).toContainEqual(expect.objectContaining({ level: 'audit', type: 'audit', action: 'deploy', actor: 'admin', client: '127.0.0.1', target: 'Logged:v1', outcome: 'success', status: 201 }));
    expect(audit).toContainEqual(expect.objectContaining({ action: 'login', actor: 'admin', client: '127.0.0.1', outcome: 'failure', status: 401, code: 'admin.unauthorized' }));
    expect(audit).toContainEqual(expect.objectContaining({ action: 'undeploy', actor: 'admin', target: 'Logged:v1', outcome: 'success', status: 204 }));
  });
});

describe('unusable log destinations', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'portico-logs-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['logging.destination', { logging: { destination: 'gateway.yaml/gateway.log' } }],
    ['admin.audit.destination', { admin: { audit: { destination: 'gateway.yaml/audit.log' } } }],
  ])('%s under a file: the start fails with one line naming the setting (exit code 78)', async (setting, overrides) => {
    const file = writeTestConfig(dir, overrides);
    const start = startGateway(loadSettings({ argv: ['--config', file], env: {}, cwd: dir }));
    await expect(start).rejects.toMatchObject({ name: 'StartupError', exitCode: 78, message: expect.stringMatching(new RegExp(`^${setting.replace(/\./g, '\\.')}: cannot open .*gateway\\.yaml/`)) });
  });
});
