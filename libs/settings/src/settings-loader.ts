import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { parse as parseYaml } from 'yaml';
import { applyEnvOverride, collectEnvOverrides } from './env-overrides.js';
import { GatewaySettings } from './gateway-settings.js';
import { SettingsError } from './settings-error.js';

export const DEFAULT_CONFIG_FILE = 'config/gateway.yaml';

export interface SettingsInput {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/**
 * Reads the config file (`--config FILE`, else PORTICO_CONFIG, else config/gateway.yaml when
 * present), substitutes `$env{NAME}` in values, applies PORTICO_* overrides and validates the
 * result. Every problem is reported at once, each naming its key.
 */
export function loadSettings(input: SettingsInput): GatewaySettings {
  const issues: string[] = [];
  const configFile = chooseConfigFile(input, issues);
  const plain = configFile ? readConfigFile(configFile, issues) : {};
  substituteEnv(plain, input.env, '', issues);
  const defaults = new GatewaySettings();
  for (const override of collectEnvOverrides(input.env)) applyEnvOverride(plain, override, defaults);

  const settings = plainToInstance(GatewaySettings, plain, { exposeDefaultValues: true });
  const errors = validateSync(settings, { whitelist: true, forbidNonWhitelisted: true });
  issues.push(...errors.flatMap((e) => describe(e, '')));
  if (issues.length > 0) throw new SettingsError(issues);

  settings.configFile = configFile;
  settings.baseDir = input.cwd;
  settings.apiOverrides = pickApiOverrides(input.env);
  settings.envAdminUser = envAdminUser(input.env, issues);
  settings.passwordsFromEnv = passwordsFromEnv(settings, input.env, issues);
  checkAdminExposure(settings, issues);
  if (issues.length > 0) throw new SettingsError(issues);
  return settings;
}

/** Resolves a path from the settings against the directory the gateway was started in. */
export function resolveSettingsPath(settings: GatewaySettings, path: string): string {
  return isAbsolute(path) ? path : resolve(settings.baseDir, path);
}

function chooseConfigFile(input: SettingsInput, issues: string[]): string | undefined {
  const flag = input.argv.findIndex((a) => a === '--config' || a.startsWith('--config='));
  let chosen: string | undefined;
  if (flag >= 0) {
    const arg = input.argv[flag];
    chosen = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : input.argv[flag + 1];
    if (!chosen) issues.push('--config: expected a file name after --config');
  } else if (input.env.PORTICO_CONFIG) {
    chosen = input.env.PORTICO_CONFIG;
  }
  if (chosen) {
    const file = resolve(input.cwd, chosen);
    if (existsSync(file)) return file;
    issues.push(`config file ${file} does not exist`);
    return undefined;
  }
  const byDefault = resolve(input.cwd, DEFAULT_CONFIG_FILE);
  return existsSync(byDefault) ? byDefault : undefined;
}

function readConfigFile(file: string, issues: string[]): Record<string, unknown> {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    issues.push(`${file}: ${(error as Error).message}`);
    return {};
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    issues.push(`${file}: expected a mapping of settings at the top level`);
    return {};
  }
  return data as Record<string, unknown>;
}

const ENV_REFERENCE = /\$env\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function substituteEnv(node: Record<string | number, unknown>, env: SettingsInput['env'], path: string, issues: string[]): void {
  for (const key of Object.keys(node)) {
    const value = node[key];
    const here = path ? `${path}.${key}` : key;
    if (typeof value === 'string') {
      node[key] = value.replace(ENV_REFERENCE, (_m, name: string) => {
        const found = env[name];
        if (found === undefined) issues.push(`${here}: environment variable ${name} is not set`);
        return found ?? '';
      });
    } else if (value !== null && typeof value === 'object') {
      substituteEnv(value as Record<string, unknown>, env, here, issues);
    }
  }
}

/** Constraints that say what type a value must have: when one fails, the range checks add nothing. */
const TYPE_CONSTRAINTS = ['isInt', 'isBoolean', 'isString', 'isArray', 'isIn', 'nestedValidation'];

function describe(error: ValidationError, parent: string): string[] {
  const path = parent ? `${parent}.${error.property}` : error.property;
  const constraints = Object.entries(error.constraints ?? {});
  const typeFailure = constraints.find(([kind]) => TYPE_CONSTRAINTS.includes(kind));
  const shown = typeFailure ? [typeFailure] : constraints;
  const own = shown.map(([kind, text]) =>
    kind === 'whitelistValidation'
      ? `${path}: unknown setting`
      : `${path}: ${text.replace(/^each value in \S+ /, 'each value ').replace(/^[^\s]+ (?=must|should)/, '')} (got ${JSON.stringify(error.value)})`,
  );
  return [...own, ...(error.children ?? []).flatMap((child) => describe(child, path))];
}

function pickApiOverrides(env: SettingsInput['env']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (/^api_[0-9a-f]{40}_/.test(name) && value !== undefined) out[name] = value;
  }
  return out;
}

function envAdminUser(env: SettingsInput['env'], issues: string[]): GatewaySettings['envAdminUser'] {
  const username = env.PORTICO_ADMIN_USERNAME;
  const password = env.PORTICO_ADMIN_PASSWORD;
  if (!username && !password) return undefined;
  if (!username || !password) {
    issues.push('PORTICO_ADMIN_USERNAME and PORTICO_ADMIN_PASSWORD: set both or neither');
    return undefined;
  }
  return { username, password };
}

/** The passwords of admin users, and of test-key users while /testkey is enabled, that come from the environment. */
function passwordsFromEnv(settings: GatewaySettings, env: SettingsInput['env'], issues: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const lists = [{ key: 'admin.users', users: settings.admin.users }];
  if (settings.security.testKey.enabled) lists.push({ key: 'security.testKey.users', users: settings.security.testKey.users });
  for (const { key, users } of lists) {
    users.forEach((user, i) => {
      const sources = [user.password, user.passwordEnv, user.passwordHash].filter((s) => s !== undefined);
      if (sources.length !== 1) {
        issues.push(`${key}.${i}: give exactly one of password, passwordEnv, passwordHash`);
        return;
      }
      if (user.passwordEnv) {
        const value = env[user.passwordEnv];
        if (!value) issues.push(`${key}.${i}.passwordEnv: environment variable ${user.passwordEnv} is not set`);
        else out[user.passwordEnv] = value;
      }
    });
  }
  return out;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** Built-in default credentials are only ever accepted on a loopback admin listener. */
function checkAdminExposure(settings: GatewaySettings, issues: string[]): void {
  if (!settings.admin.enabled || LOOPBACK.test(settings.admin.host)) return;
  if (settings.admin.users.length === 0 && !settings.envAdminUser) {
    issues.push(
      `admin.users: admin.host is ${settings.admin.host} (not loopback), so the built-in default user is refused; ` +
        'configure admin.users or set PORTICO_ADMIN_USERNAME and PORTICO_ADMIN_PASSWORD',
    );
  }
}
