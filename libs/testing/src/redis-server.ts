import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePorts } from './gateway-process.js';
import { sendRespCommand } from './resp-command.js';

export interface RedisServerOptions {
  /** Where redis keeps its append-only file; a new temp dir (removed by `close()`) when absent. */
  readonly dir?: string;
}

type LaunchOutcome = 'up' | 'port-taken';

const START_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 5;
const RESTART_PORT_WAIT_MS = 5_000;
const KEPT_OUTPUT_LINES = 100;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function findRedisBinary(): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/usr/bin'];
  for (const dir of dirs) {
    const candidate = join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * A real `redis-server` child process on 127.0.0.1 for tests, durable like production
 * (append-only file, fsync on every write), so a test can SIGKILL it and `restart()` it with its data.
 */
export class RedisServer {
  readonly url: string;
  private child: ChildProcess | undefined;
  /** False once the current process has closed (or failed to spawn at all). */
  private alive = false;
  private exited: Promise<void> = Promise.resolve();
  private output = '';
  private readonly killOnRunnerExit = () => this.child?.kill('SIGKILL');

  private constructor(
    private readonly binary: string,
    readonly port: number,
    readonly dir: string,
    private readonly ownsDir: boolean,
  ) {
    this.url = `redis://127.0.0.1:${port}`;
  }

  /** Whether `redis-server` can be found (on PATH, /usr/sbin or /usr/bin), so a suite can fail with a clear message. */
  static available(): boolean {
    return findRedisBinary() !== undefined;
  }

  /** Starts redis on a free port and resolves once it answers PING. */
  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    const binary = findRedisBinary();
    if (!binary) throw new Error('redis-server is not installed (looked on PATH, /usr/sbin and /usr/bin): apt-get install redis-server');
    const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'portico-redis-')));
    if (options.dir) await mkdir(options.dir, { recursive: true });
    try {
      // Another process may take the probed port before redis binds it: try a fresh one.
      for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
        const [port] = await freePorts(1);
        const server = new RedisServer(binary, port!, dir, !options.dir);
        if ((await server.launch()) === 'up') return server;
      }
      throw new Error(`redis-server could not bind a free port on 127.0.0.1 in ${PORT_ATTEMPTS} attempts`);
    } catch (error) {
      if (!options.dir) await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The last ~100 lines redis wrote, for failure messages. */
  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.alive;
  }

  /** Sends one command (e.g. `command('GET', 'key')`); see `sendRespCommand` for how replies are decoded. */
  command(...args: string[]): Promise<string> {
    return sendRespCommand(this.port, args);
  }

  /** Stops redis (SIGKILL by default: a crash; SIGTERM: its clean shutdown) and waits until it is gone. */
  async kill(signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    if (this.running) this.child!.kill(signal);
    await this.exited;
  }

  /** Starts redis again on the same port and dir, so its append-only file brings the data back. */
  async restart(): Promise<void> {
    await this.kill();
    const deadline = Date.now() + RESTART_PORT_WAIT_MS;
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await this.launch()) === 'up') return;
      if (Date.now() >= deadline) break;
      await pause(100);
    }
    throw new Error(`redis-server could not bind port ${this.port} again within ${RESTART_PORT_WAIT_MS} ms. Output:\n${this.output}`);
  }

  /** Kills redis if it runs and removes the dir when `start()` created it. */
  async close(): Promise<void> {
    await this.kill();
    if (this.ownsDir) await rm(this.dir, { recursive: true, force: true });
  }

  /** One redis process: `up` once it answers PING, `port-taken` when it exits unable to bind; throws otherwise. */
  private async launch(): Promise<LaunchOutcome> {
    const args = ['--bind', '127.0.0.1', '--port', String(this.port), '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'always'];
    args.push('--save', '', '--daemonize', 'no', '--protected-mode', 'yes', '--logfile', '');
    const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.alive = true;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).split('\n').slice(-KEPT_OUTPUT_LINES - 1).join('\n');
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    // A test runner that exits without close() must not leave redis behind.
    process.once('exit', this.killOnRunnerExit);
    this.exited = new Promise((done) => {
      child.once('error', (error) => keep(Buffer.from(`\n${error.message}\n`)));
      child.once('close', () => {
        this.alive = false;
        process.removeListener('exit', this.killOnRunnerExit);
        done();
      });
    });

    const deadline = Date.now() + START_TIMEOUT_MS;
    // The first PING may come before redis listens, or while it replays its AOF (-LOADING): ask again.
    for (let attempt = 0; attempt < 1_000 && Date.now() < deadline && this.running; attempt++) {
      const pong = await sendRespCommand(this.port, ['PING'], 1_000).then(
        (reply) => reply === 'PONG',
        () => false,
      );
      if (pong && this.running) return 'up';
      await pause(20);
    }
    if (this.running) {
      await this.kill();
      throw new Error(`redis-server did not answer PING on port ${this.port} within ${START_TIMEOUT_MS} ms. Output:\n${this.output}`);
    }
    await this.exited;
    if (/Address already in use/i.test(this.output.split('Redis is starting').at(-1) ?? '')) return 'port-taken';
    throw new Error(`redis-server exited (${child.signalCode ?? `exit ${child.exitCode}`}) before answering PING on port ${this.port}. Output:\n${this.output}`);
  }
}
