import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type RunningGateway, startGateway, type StartOptions } from '#gateway';
import { type GatewaySettings, loadSettings } from '#settings';
import { basicAuth, call, type CallOptions, type CallResult } from './http-call.js';

export interface TestGatewayOptions {
  /** Settings merged over the test defaults (ports 0, temp dirs, quiet logs). */
  readonly settings?: Record<string, unknown>;
  /** Reuse a directory (to restart on the same data); default: a new temp directory. */
  readonly dir?: string;
  /** Environment given to the settings loader (PORTICO_*, api_<sha1>_* overrides). */
  readonly env?: Record<string, string>;
  /** Extra connectors and modules for startGateway. */
  readonly start?: Omit<StartOptions, 'logger'>;
}

export interface TestGateway {
  readonly dir: string;
  readonly settings: GatewaySettings;
  readonly running: RunningGateway;
  /** A data-plane call over HTTP (Host defaults to localhost, the default vhost). */
  request(path: string, options?: Partial<CallOptions>): Promise<CallResult>;
  /** An admin API call with the built-in admin credentials unless headers say otherwise. */
  admin(path: string, options?: Partial<CallOptions>): Promise<CallResult>;
  close(): Promise<void>;
  /** Closes and deletes the directory. */
  destroy(): Promise<void>;
}

export const ADMIN_AUTH = basicAuth('admin', 'admin');

/** Writes the settings file the way a user would and starts the gateway in this process. */
export function writeTestConfig(dir: string, overrides: Record<string, unknown> = {}): string {
  const defaults = {
    dataDir: join(dir, 'data'),
    apisDir: join(dir, 'apis'),
    dataPlane: { host: '127.0.0.1', httpPort: 0, httpsPort: 0, drainTimeoutMs: 2000, shutdownDelayMs: 0 },
    admin: { port: 0 },
    logging: { level: 'error' },
    // On, as by default, but into the test's directory rather than the test runner's output.
    accessLog: { destination: join(dir, 'access.log') },
  };
  const file = join(dir, 'gateway.yaml');
  writeFileSync(file, stringify(deepMerge(defaults, overrides)));
  mkdirSync(join(dir, 'apis'), { recursive: true });
  return file;
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'portico-test-'));
  const file = writeTestConfig(dir, options.settings);
  const settings = loadSettings({ argv: ['--config', file], env: options.env ?? {}, cwd: dir });
  const running = await startGateway(settings, { ...options.start, logger: ['error'] });
  const { http, admin } = running.ports;
  return {
    dir,
    settings,
    running,
    request: (path, o = {}) => call({ port: http, path, ...o, headers: { host: 'localhost', ...o.headers } }),
    admin: (path, o = {}) => call({ port: admin ?? 0, path, ...o, headers: { authorization: ADMIN_AUTH, ...o.headers } }),
    close: () => running.close(),
    destroy: async () => {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] =
      value !== null && typeof value === 'object' && !Array.isArray(value) && current !== null && typeof current === 'object' && !Array.isArray(current)
        ? deepMerge(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}
