import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from './settings-loader.js';
import { SettingsError } from './settings-error.js';

function dirWith(yaml?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'portico-settings-'));
  if (yaml !== undefined) writeFileSync(join(dir, 'gateway.yaml'), yaml);
  return dir;
}

function issuesOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof SettingsError) return error.issues;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('loadSettings', () => {
  it('gives the documented defaults without a config file', () => {
    const s = loadSettings({ argv: [], env: {}, cwd: dirWith() });
    expect(s.dataPlane.httpPort).toBe(9090);
    expect(s.dataPlane.httpsPort).toBe(9095);
    expect(s.admin.host).toBe('127.0.0.1');
    expect(s.admin.port).toBe(9843);
    expect(s.environments).toEqual([{ name: 'Default', vhost: 'localhost' }]);
    expect(s.configFile).toBeUndefined();
  });

  it('reads --config, keeps defaults for what the file omits and applies PORTICO_* overrides', () => {
    const dir = dirWith('dataPlane:\n  httpPort: 0\nupstream:\n  retry:\n    statusCodes: [503]\n');
    const s = loadSettings({
      argv: ['--config', 'gateway.yaml'],
      env: { PORTICO_DATA_PLANE__HTTPS_PORT: '0', PORTICO_ADMIN__HOST: '127.0.0.2', PORTICO_UPSTREAM__RETRY__STATUS_CODES: '[502, 504]' },
      cwd: dir,
    });
    expect(s.configFile).toBe(join(dir, 'gateway.yaml'));
    expect(s.dataPlane.httpPort).toBe(0);
    expect(s.dataPlane.httpsPort).toBe(0);
    expect(s.dataPlane.host).toBe('0.0.0.0');
    expect(s.admin.host).toBe('127.0.0.2');
    expect(s.upstream.retry.statusCodes).toEqual([502, 504]);
  });

  it('chooses the file from PORTICO_CONFIG and substitutes $env{NAME}', () => {
    const dir = dirWith('admin:\n  users:\n    - username: ops\n      password: $env{OPS_PWD}\n');
    const s = loadSettings({ argv: [], env: { PORTICO_CONFIG: 'gateway.yaml', OPS_PWD: 's3cret' }, cwd: dir });
    expect(s.admin.users[0].password).toBe('s3cret');
  });

  it('reports every bad setting at once, naming the key and what was expected', () => {
    const dir = dirWith('dataPlane:\n  httpPort: 70000\n  colour: blue\nadmin:\n  tokenTtl: soon\n');
    const issues = issuesOf(() => loadSettings({ argv: ['--config=gateway.yaml'], env: { PORTICO_UPSTREAM__CONNECT_TIMEOUT_MS: 'abc' }, cwd: dir }));
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^dataPlane\.httpPort: .*65535.*\(got 70000\)/),
        'dataPlane.colour: unknown setting',
        expect.stringMatching(/^admin\.tokenTtl: /),
        expect.stringMatching(/^upstream\.connectTimeoutMs: .*integer/),
      ]),
    );
  });

  it('defaults dataPlane.shutdownDelayMs to 5 s and refuses negative or unbounded delays', () => {
    expect(loadSettings({ argv: [], env: {}, cwd: dirWith() }).dataPlane.shutdownDelayMs).toBe(5000);
    expect(loadSettings({ argv: [], env: { PORTICO_DATA_PLANE__SHUTDOWN_DELAY_MS: '0' }, cwd: dirWith() }).dataPlane.shutdownDelayMs).toBe(0);
    const issues = issuesOf(() => loadSettings({ argv: ['--config', 'gateway.yaml'], env: {}, cwd: dirWith('dataPlane:\n  shutdownDelayMs: -1\n') }));
    expect(issues).toEqual([expect.stringMatching(/^dataPlane\.shutdownDelayMs: .*\(got -1\)/)]);
    const tooLong = issuesOf(() => loadSettings({ argv: [], env: { PORTICO_DATA_PLANE__SHUTDOWN_DELAY_MS: '3600000' }, cwd: dirWith() }));
    expect(tooLong).toEqual([expect.stringMatching(/^dataPlane\.shutdownDelayMs: .*300000/)]);
  });

  it('refuses a missing config file and an unset $env reference', () => {
    expect(issuesOf(() => loadSettings({ argv: ['--config', 'nope.yaml'], env: {}, cwd: dirWith() }))[0]).toMatch(/nope\.yaml does not exist/);
    const dir = dirWith('dataDir: $env{NOT_SET_ANYWHERE}\n');
    expect(issuesOf(() => loadSettings({ argv: ['--config', 'gateway.yaml'], env: {}, cwd: dir }))[0]).toBe(
      'dataDir: environment variable NOT_SET_ANYWHERE is not set',
    );
  });

  it('refuses the built-in admin user when the admin listener is not on loopback', () => {
    const issues = issuesOf(() => loadSettings({ argv: [], env: { PORTICO_ADMIN__HOST: '0.0.0.0' }, cwd: dirWith() }));
    expect(issues[0]).toMatch(/^admin\.users: admin\.host is 0\.0\.0\.0 \(not loopback\)/);
    const ok = loadSettings({ argv: [], env: { PORTICO_ADMIN__HOST: '0.0.0.0', PORTICO_ADMIN_USERNAME: 'ops', PORTICO_ADMIN_PASSWORD: 'pw' }, cwd: dirWith() });
    expect(ok.envAdminUser).toEqual({ username: 'ops', password: 'pw' });
  });

  it('collects the api_<sha1>_* endpoint overrides of spec §3.6', () => {
    const name = 'api_' + 'a'.repeat(40) + '_prod_endpoint_0';
    const s = loadSettings({ argv: [], env: { [name]: 'http://x:1', api_short: 'no' }, cwd: dirWith() });
    expect(s.apiOverrides).toEqual({ [name]: 'http://x:1' });
  });
});
