import type { AdminConnection } from './admin-client.js';
import { UsageError } from './usage-error.js';

/** The admin listener's default address (settings `admin.port`, loopback). */
export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:9843';
/** The gateway's built-in loopback credentials, used when none are given. */
const DEFAULT_CREDENTIALS = { user: 'admin', password: 'admin' };

export interface RemoteArguments {
  readonly dir: string;
  readonly json: boolean;
  readonly prune: boolean;
  readonly admin: AdminConnection;
  /** What the settings loader reads `--config` from (for validating the folder). */
  readonly settingsArgv: readonly string[];
}

const VALUED = new Set(['--admin', '--user', '--password', '--token', '--config']);

/** The command line of `diff` and `sync`; `--prune` only where the command takes it. */
export function parseRemoteArguments(argv: readonly string[], env: NodeJS.ProcessEnv, options: { prune: boolean }): RemoteArguments {
  const values = new Map<string, string>();
  const paths: string[] = [];
  let json = false;
  let prune = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [option, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (VALUED.has(option)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`${option}: expected a value`);
      values.set(option, value);
    } else if (arg === '--json') json = true;
    else if (arg === '--prune' && options.prune) prune = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else paths.push(arg);
  }
  if (paths.length !== 1) throw new UsageError('expected one folder of projects');
  const config = values.get('--config');
  return {
    dir: paths[0],
    json,
    prune,
    admin: { url: adminUrl(values.get('--admin') ?? DEFAULT_ADMIN_URL), authorization: authorizationOf(values, env) },
    settingsArgv: config === undefined ? [] : ['--config', config],
  };
}

function adminUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // Reported below.
  }
  throw new UsageError(`--admin: expected an http(s) URL, got ${text}`);
}

/** A token wins; else --user/--password, else PORTICO_ADMIN_USERNAME/PASSWORD, else the defaults. */
function authorizationOf(values: ReadonlyMap<string, string>, env: NodeJS.ProcessEnv): string {
  const token = values.get('--token');
  if (token !== undefined) return `Bearer ${token}`;
  const user = values.get('--user') ?? env.PORTICO_ADMIN_USERNAME;
  const password = values.get('--password') ?? env.PORTICO_ADMIN_PASSWORD;
  if ((user === undefined) !== (password === undefined)) throw new UsageError('give both a user and a password (--user/--password or PORTICO_ADMIN_USERNAME/PASSWORD)');
  const credentials = user === undefined ? DEFAULT_CREDENTIALS : { user, password: password ?? '' };
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
}
