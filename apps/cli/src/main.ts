import 'reflect-metadata';
import { UsageError } from './usage-error.js';

const USAGE = [
  'usage: portico validate [--config FILE] [--json] <project-folder | folder-of-projects | project.zip | definition-file>...',
  '       portico diff [--admin URL] [--user U --password P | --token T] [--config FILE] [--json] <folder-of-projects>',
  '       portico sync [--admin URL] [--user U --password P | --token T] [--config FILE] [--json] [--prune] <folder-of-projects>',
].join('\n');

/** Exit code of a command line that cannot be run as given (unknown subcommand, missing path). */
const BAD_USAGE = 2;

type Command = (argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv) => Promise<number>;

/** Loaded when run: a usage error answers at once, without starting the gateway's parts. */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  validate: async () => (await import('./validate-command.js')).validateCommand,
  diff: async () => (await import('./diff-command.js')).diffCommand,
  sync: async () => (await import('./sync-command.js')).syncCommand,
};

/** `npm run portico -- <command> ...`: Portico's offline tools, and diff/sync against a running gateway. */
async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return 0;
  }
  const load = name === undefined || !Object.hasOwn(COMMANDS, name) ? undefined : COMMANDS[name];
  if (load === undefined) {
    console.error(name === undefined ? 'portico: expected a command' : `portico: unknown command ${name}`);
    console.error(USAGE);
    return BAD_USAGE;
  }
  try {
    return await (await load())(rest, process.cwd(), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`portico ${name}: ${error.message}`);
    console.error(USAGE);
    return BAD_USAGE;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
