import cluster, { type Worker } from 'node:cluster';
import { Logger } from '@nestjs/common';
import { isListeningMessage, isStartFailedMessage, type PrimaryMessage } from './cluster-messages.js';
import { CrashLoopGuard } from './crash-loop-guard.js';

/** The data-plane ports the workers share (one listening socket per port, held by node:cluster). */
export interface WorkerPorts {
  readonly http: number;
  readonly https?: number;
}

/**
 * A worker ended before its data plane listened, so the gateway cannot start. `operatorError`:
 * the worker's start failed for a reason an operator must fix (a port in use), and the message
 * is that one line (a StartupError's); else it describes how the worker ended.
 */
export class WorkerStartError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly operatorError: boolean,
  ) {
    super(message);
    this.name = 'WorkerStartError';
  }
}

export interface WorkerSupervisorOptions {
  readonly workers: number;
  /** Workers keep dying at start (CrashLoopGuard): the primary should stop, exit 1. */
  readonly onCrashLoop: () => void;
}

interface Member {
  readonly worker: Worker;
  readonly startedAt: number;
  /** The pid this worker replaces, for the line saying it listens. */
  readonly replaces?: number;
  listening: boolean;
  /** What the worker said when its start failed. */
  startFailure?: { readonly message: string; readonly exitCode: number };
}

interface Starting {
  resolve(ports: WorkerPorts): void;
  reject(error: WorkerStartError): void;
}

const describeExit = (code: number | null, signal: string | null): string => (signal ? `signal ${signal}` : `exit code ${code ?? 'unknown'}`);

/**
 * The primary's side of `workers: N` (node:cluster): forks the data-plane workers (same script,
 * same arguments and environment, so they load the same settings), reports their shared ports
 * once every one listens, replaces a worker that dies (unless they die in a loop), tells them
 * when the deployments change, forwards log reopening, and stops them all, draining, on shutdown.
 */
export class WorkerSupervisor {
  private readonly logger = new Logger('Workers');
  private readonly members = new Map<number, Member>();
  private readonly guard = new CrashLoopGuard();
  private starting: Starting | undefined;
  private ports: WorkerPorts | undefined;
  private revision: number | undefined;
  private stopping = false;
  private allGone: (() => void) | undefined;

  constructor(private readonly options: WorkerSupervisorOptions) {}

  /** The pids of the workers running now. */
  get pids(): number[] {
    return [...this.members.values()].map((m) => m.worker.process.pid ?? 0);
  }

  /** Forks the workers; resolves with their ports once all of them listen, rejects if one ends first. */
  start(): Promise<WorkerPorts> {
    // Each worker accepts on the shared listening socket itself. Round robin (Node's default
    // off Windows) passes every connection through the primary, which costs it CPU per connection
    // and, when a worker dies, leaves the connections handed to it open and unanswered for good.
    cluster.schedulingPolicy = cluster.SCHED_NONE;
    cluster.setupPrimary({ exec: process.argv[1], args: process.argv.slice(2) });
    cluster.on('message', (worker, message) => this.onMessage(worker, message));
    cluster.on('exit', (worker, code, signal) => this.onExit(worker, code, signal));
    return new Promise<WorkerPorts>((resolve, reject) => {
      this.starting = { resolve, reject };
      for (let i = 0; i < this.options.workers; i++) this.fork();
    });
  }

  /** The deploy pipeline committed a change: every listening worker catches up from the store. */
  announce(revision: number): void {
    this.revision = revision;
    for (const member of this.members.values()) if (member.listening) this.send(member, { portico: 'deployments', revision });
  }

  /**
   * Log reopening (logrotate's SIGHUP) applies to every process: each has its files open. Not to
   * one still starting: it has no handler yet (the signal would end it), and opens its files anew.
   */
  forward(signal: 'SIGHUP'): void {
    for (const { worker, listening } of this.members.values()) if (listening) worker.process.kill(signal);
  }

  /**
   * From now on a worker that exits is not replaced. Called first when the gateway stops: systemd
   * (KillMode=control-group) and `kill -- -<pgid>` signal every process at once, and workers that
   * stop on their own signal before the primary reaches `stop` must not be forked again.
   */
  stopReplacing(): void {
    this.stopping = true;
  }

  /**
   * Stops every worker as `signal` stops a gateway (SIGTERM: /ready 503, the shutdown delay, then
   * the drain) and waits until all have exited; those still running after `timeoutMs` are killed.
   */
  async stop(signal: 'SIGTERM' | 'SIGINT', timeoutMs: number): Promise<void> {
    this.stopping = true;
    for (const member of this.members.values()) {
      // One still starting has no handler for the message yet; SIGTERM ends it either way.
      if (member.listening) this.send(member, { portico: 'stop', signal });
      else member.worker.process.kill('SIGTERM');
    }
    if (await this.exitedWithin(timeoutMs)) return;
    this.logger.warn(`workers ${this.pids.join(', ')} still running ${timeoutMs} ms after the stop: killed (SIGKILL)`);
    await this.kill();
  }

  /** Ends every worker at once (a start that failed: none of them served anything yet). */
  async kill(): Promise<void> {
    this.stopping = true;
    for (const { worker } of this.members.values()) worker.process.kill('SIGKILL');
    await this.exitedWithin(5_000);
  }

  private fork(replaces?: number): Worker {
    const worker = cluster.fork();
    // An IPC write to a worker that just died: its exit is handled, nothing else to do.
    worker.on('error', () => undefined);
    this.members.set(worker.id, { worker, startedAt: Date.now(), replaces, listening: false });
    return worker;
  }

  private onMessage(worker: Worker, message: unknown): void {
    const member = this.members.get(worker.id);
    if (member === undefined) return;
    if (isStartFailedMessage(message)) member.startFailure = { message: message.message, exitCode: message.exitCode };
    if (!isListeningMessage(message)) return;
    member.listening = true;
    this.ports ??= { http: message.http, https: message.https };
    // A change committed while it was restoring may be missing from what it read: it catches up.
    if (this.revision !== undefined) this.send(member, { portico: 'deployments', revision: this.revision });
    if (member.replaces !== undefined) this.logger.log(`worker ${worker.process.pid} listening, in place of worker ${member.replaces}`);
    if (this.starting !== undefined && [...this.members.values()].every((m) => m.listening)) {
      this.logger.log(`${this.members.size} workers listening (pids ${this.pids.join(', ')})`);
      this.starting.resolve(this.ports);
      this.starting = undefined;
    }
  }

  private onExit(worker: Worker, code: number | null, signal: string | null): void {
    const member = this.members.get(worker.id);
    if (member === undefined) return;
    this.members.delete(worker.id);
    const pid = worker.process.pid;
    if (this.stopping) {
      if (this.members.size === 0) this.allGone?.();
      return;
    }
    const failure = member.startFailure;
    if (this.starting !== undefined) {
      const error = failure
        ? new WorkerStartError(failure.message, failure.exitCode, true)
        : new WorkerStartError(`worker ${pid} ended before it listened (${describeExit(code, signal)})`, code || 1, false);
      this.starting.reject(error);
      this.starting = undefined;
      return;
    }
    if (this.guard.died(Date.now() - member.startedAt)) {
      this.logger.error(
        `workers keep dying within ${this.guard.windowMs / 1000} s of their start (${this.guard.limit} in a row, the last: worker ${pid}, ${describeExit(code, signal)}): stopping the gateway`,
      );
      // No more replacements: the primary is stopping what is left.
      this.stopping = true;
      this.options.onCrashLoop();
      return;
    }
    const replacement = this.fork(pid);
    const why = failure ? `${describeExit(code, signal)}: ${failure.message}` : describeExit(code, signal);
    this.logger.warn(`worker ${pid} exited (${why}); started worker ${replacement.process.pid} in its place`);
  }

  private send(member: Member, message: PrimaryMessage): void {
    // The callback takes a failed write (a worker that just died): its exit is handled.
    if (member.worker.isConnected()) member.worker.send(message, undefined, () => undefined);
    else if (message.portico === 'stop') member.worker.process.kill('SIGTERM');
  }

  /** True once every worker has exited, false after `timeoutMs`. */
  private async exitedWithin(timeoutMs: number): Promise<boolean> {
    if (this.members.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const exited = await Promise.race([
      new Promise<boolean>((resolve) => (this.allGone = () => resolve(true))),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    this.allGone = undefined;
    return exited;
  }
}
