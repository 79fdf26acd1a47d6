import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { call } from './http-call.js';

/** The built gateway (`npm run build`), run as a real child process for restart and crash tests. */
export const BUILT_MAIN = resolve(process.cwd(), 'dist/apps/gateway/src/main.js');

/** Ports free right now on 127.0.0.1, all different (each is held until all are known). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      const server = createServer();
      return new Promise<ReturnType<typeof createServer>>((done, fail) => {
        server.once('error', fail);
        server.listen(0, '127.0.0.1', () => done(server));
      });
    }),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((done) => s.close(() => done()))));
  return ports;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface GatewayProcessOptions {
  /** The data-plane HTTP port the gateway is configured with (readiness is polled there). */
  readonly httpPort: number;
  /** Command-line arguments, e.g. `['--config', file]`. */
  readonly args?: readonly string[];
  /** Extra environment (PORTICO_* overrides). */
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** The script to run instead of the built gateway's main (an application composing the gateway). */
  readonly main?: string;
}

/** One run of `node dist/apps/gateway/src/main.js --config <file>`. */
export class GatewayProcess {
  private readonly child: ChildProcess;
  private output = '';
  /** Resolves with the exit code or signal once the process is gone. */
  readonly exited: Promise<string>;

  private constructor(options: GatewayProcessOptions) {
    const main = options.main ?? BUILT_MAIN;
    if (!existsSync(BUILT_MAIN)) throw new Error(`${BUILT_MAIN} is missing: run \`npm run build\` first`);
    // The settings of the test come from its arguments and `env` only, never from the runner's PORTICO_* variables.
    const inherited = Object.entries(process.env).filter(([k]) => !k.startsWith('PORTICO_') && !k.startsWith('api_'));
    const env = { ...Object.fromEntries(inherited), ...options.env };
    this.child = spawn(process.execPath, [main, ...(options.args ?? [])], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-16_384);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((done) => this.child.once('exit', (code, signal) => done(signal ?? `exit ${code}`)));
  }

  /** Starts the gateway without waiting for it: for starts that must fail (see `exited` and `log`). */
  static run(options: Omit<GatewayProcessOptions, 'httpPort' | 'timeoutMs'>): GatewayProcess {
    return new GatewayProcess({ ...options, httpPort: 0 });
  }

  /** Starts the gateway and waits (at most `timeoutMs`) until `GET /ready` answers 200 on `httpPort`. */
  static async start(options: GatewayProcessOptions): Promise<GatewayProcess> {
    const { httpPort, timeoutMs = 20_000 } = options;
    const gateway = new GatewayProcess(options);
    let gone = false;
    void gateway.exited.then(() => (gone = true));
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; attempt < 400 && Date.now() < deadline && !gone; attempt++) {
      const ready = await call({ port: httpPort, path: '/ready' }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) return gateway;
      await pause(50);
    }
    await gateway.kill('SIGKILL');
    throw new Error(`the gateway did not become ready on port ${httpPort}${gone ? ' (it exited)' : ''}. Output:\n${gateway.log}`);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The last 16 KiB the process wrote, for failure messages. */
  get log(): string {
    return this.output;
  }

  /** Sends the signal to this process only and waits until it is gone. */
  async kill(signal: NodeJS.Signals): Promise<string> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }

  /** Graceful stop (SIGTERM); SIGKILL when it has not exited after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.kill('SIGTERM');
    clearTimeout(timer);
  }
}
