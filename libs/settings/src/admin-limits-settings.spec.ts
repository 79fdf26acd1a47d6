import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsError } from './settings-error.js';
import { loadSettings } from './settings-loader.js';

/** Issue 14 items 1, 4 and 7: the admin listener's limits, its host names and origins, the data plane's connection cap. */

function load(yaml: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'portico-settings-'));
  writeFileSync(join(dir, 'gateway.yaml'), yaml);
  return loadSettings({ argv: ['--config', 'gateway.yaml'], env, cwd: dir });
}

function issuesOf(yaml: string): readonly string[] {
  try {
    load(yaml);
  } catch (error) {
    if (error instanceof SettingsError) return error.issues;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('admin listener and connection-cap settings', () => {
  it('has production defaults', () => {
    const s = load('');
    expect(s.admin.limits).toEqual({ maxConnections: 64, maxConcurrentUploads: 4, headersTimeoutMs: 10_000, requestTimeoutMs: 300_000 });
    expect(s.admin.allowedHosts).toEqual([]);
    expect(s.admin.allowedOrigins).toEqual([]);
    expect(s.dataPlane.limits.maxConnections).toBe(10_000);
  });

  it('reads them from the file and the environment', () => {
    const s = load('admin:\n  allowedHosts: [admin.example.com, "[fd00::1]"]\n  limits: { maxConnections: 8 }\n', {
      PORTICO_ADMIN__ALLOWED_ORIGINS: '[https://ops.example.com:8443]',
      PORTICO_DATA_PLANE__LIMITS__MAX_CONNECTIONS: '20000',
    });
    expect(s.admin.allowedHosts).toEqual(['admin.example.com', '[fd00::1]']);
    expect(s.admin.allowedOrigins).toEqual(['https://ops.example.com:8443']);
    expect(s.admin.limits.maxConnections).toBe(8);
    expect(s.dataPlane.limits.maxConnections).toBe(20_000);
  });

  it('refuses host names with a port or scheme, origins with a path, and limits out of range, naming each key', () => {
    const issues = issuesOf(
      [
        'admin:',
        '  allowedHosts: ["admin.example.com:9843", "http://x"]',
        '  allowedOrigins: ["https://ops.example.com/", "ops.example.com"]',
        '  limits: { maxConnections: 0, maxConcurrentUploads: 0, headersTimeoutMs: 120000, requestTimeoutMs: 1000 }',
        'dataPlane:',
        '  limits: { maxConnections: 0 }',
        '',
      ].join('\n'),
    );
    const keys = issues.map((issue) => issue.split(':')[0]);
    expect(keys).toEqual(
      expect.arrayContaining([
        'admin.allowedHosts',
        'admin.allowedOrigins',
        'admin.limits.maxConnections',
        'admin.limits.maxConcurrentUploads',
        'admin.limits.headersTimeoutMs',
        'admin.limits.requestTimeoutMs',
        'dataPlane.limits.maxConnections',
      ]),
    );
  });
});
