import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { stringify } from 'yaml';
import { startTestGateway, type TestGateway } from '#testing';

const FORGED = 'Gold\n[Nest] 1  - 12/04/2026, 9:00:00 AM   ERROR [Admin] forged line \u001b[31mred\u001b[0m';

function definition(title: string, tier: string): string {
  return stringify({
    openapi: '3.0.3',
    info: { title, version: 'v1' },
    'x-wso2-basePath': '/logs',
    'x-wso2-disable-security': true,
    'x-portico-mock': true,
    'x-wso2-throttling-tier': tier,
    paths: { '/x': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { example: {} } } } } } } },
  });
}

const hasControlCharacter = (line: string) => [...line].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

describe('log injection: text from definitions never reaches a log line raw', () => {
  let gw: TestGateway;
  const lines: string[] = [];

  beforeAll(async () => {
    gw = await startTestGateway();
    for (const level of ['log', 'warn', 'error'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((message: unknown) => void lines.push(String(message)));
    }
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await gw.destroy();
  });

  const deploy = (doc: string) => gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: doc });

  it('escapes control characters and ANSI escapes a definition puts into a warning', async () => {
    expect((await deploy(definition('Logs', FORGED))).status).toBe(201);
    const warning = lines.find((l) => l.includes('not applied'));
    expect(warning).toContain('Gold\\n[Nest] 1');
    expect(warning).toContain('\\u001b[31m');
    for (const line of lines) {
      expect(hasControlCharacter(line)).toBe(false);
    }
  });

  it('refuses API names with control characters or of unbounded length (422), escaping them in the log', async () => {
    const res = await deploy(definition('Evil\nName', 'Unlimited'));
    expect(res.status).toBe(422);
    expect(res.json<{ problems: { code: string }[] }>().problems.map((p) => p.code)).toContain('api.name-invalid');
    expect((await deploy(definition('A'.repeat(5000), 'Unlimited'))).status).toBe(422);
    for (const line of lines) {
      expect(hasControlCharacter(line)).toBe(false);
      expect(line.length).toBeLessThan(3000);
    }
  });
});
