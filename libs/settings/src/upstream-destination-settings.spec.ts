import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsError } from './settings-error.js';
import { loadSettings } from './settings-loader.js';

function load(yaml: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'portico-destinations-'));
  writeFileSync(join(dir, 'gateway.yaml'), yaml);
  return loadSettings({ argv: ['--config', 'gateway.yaml'], env, cwd: dir });
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

describe('upstream.destinations settings', () => {
  it('deny link-local and the cloud metadata addresses by default, and allow everything else', () => {
    const { destinations } = load('{}').upstream;
    expect(destinations.deny).toEqual(['169.254.0.0/16', 'fe80::/10', 'fd00:ec2::254', '100.100.100.200']);
    expect(destinations.allow).toEqual([]);
    expect(destinations.allowPorts).toEqual([]);
    expect(destinations.denyPorts).toEqual([]);
  });

  it('read ranges and ports from the file and from PORTICO_* variables', () => {
    const s = load('upstream:\n  destinations:\n    allow: [10.0.0.0/8, "fd00::/8"]\n    denyPorts: [22]\n', {
      PORTICO_UPSTREAM__DESTINATIONS__DENY: '[127.0.0.0/8, "::1"]',
      PORTICO_UPSTREAM__DESTINATIONS__ALLOW_PORTS: '[80, 443]',
    });
    expect(s.upstream.destinations).toEqual({ allow: ['10.0.0.0/8', 'fd00::/8'], deny: ['127.0.0.0/8', '::1'], allowPorts: [80, 443], denyPorts: [22] });
  });

  it('refuse to start on a range that is not one, naming the key and the bad entry', () => {
    const issues = issuesOf(() => load('upstream:\n  destinations:\n    deny: [169.254.0.0/16, 10.0.0.0/33, metadata.google.internal]\n    allow: ["::1/129"]\n'));
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^upstream\.destinations\.deny: must list IP addresses or CIDR ranges .*not one: "10\.0\.0\.0\/33", "metadata\.google\.internal" \(got /),
        expect.stringMatching(/^upstream\.destinations\.allow: .*not one: "::1\/129"/),
      ]),
    );
    expect(issues).toHaveLength(2);
  });

  it('refuse ports out of range and values of the wrong type', () => {
    const issues = issuesOf(() => load('upstream:\n  destinations:\n    denyPorts: [0, 70000]\n    allow: 10.0.0.0/8\n'));
    expect(issues).toEqual(
      expect.arrayContaining([expect.stringMatching(/^upstream\.destinations\.denyPorts: /), expect.stringMatching(/^upstream\.destinations\.allow: .*array/)]),
    );
  });
});
