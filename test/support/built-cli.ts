import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The built `npm run portico` command line (`npm test` builds before the suites run). */
const BUILT_CLI = resolve(process.cwd(), 'dist/apps/cli/src/main.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI to its end; its settings and credentials come from `args` only, never from the runner's PORTICO_* variables. */
export function runCli(args: readonly string[]): Promise<CliRun> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PORTICO_') && !k.startsWith('api_')));
  const child = spawn(process.execPath, [BUILT_CLI, ...args], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}
