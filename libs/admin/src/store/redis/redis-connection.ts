import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { RedisStoreSettings } from '#settings';
import { StoreUnavailableError } from '../deployment-store.js';

/**
 * The Redis client of the deployment store, and what an operator must see of it: one line when
 * the connection is lost, one when it is back, one when Redis would not keep an acknowledged
 * write across its own restart. Commands fail at once while it is down (no offline queue), so a
 * deploy answers 503 instead of waiting.
 */
export class RedisConnection {
  readonly client: Redis;
  /** The URL without credentials, for messages. */
  readonly where: string;
  private readonly logger = new Logger('DeploymentStore');
  private wasReady = false;
  /** The last connection error, so a refused start can say why (wrong password, TLS, refused). */
  private lastError: string | undefined;
  private lost = false;
  private closing = false;

  constructor(private readonly settings: RedisStoreSettings) {
    this.where = printableUrl(settings.url);
    this.client = new Redis(settings.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: settings.connectTimeoutMs,
      commandTimeout: settings.commandTimeoutMs,
      // Reconnect for ever, at most every 2 s: Redis coming back must be noticed without a restart.
      retryStrategy: (times) => Math.min(times * 200, 2_000),
    });
    // ioredis emits an error per failed reconnect: the outage is logged once, on `close`.
    this.client.on('error', (error: Error) => {
      this.lastError = error.message;
    });
    this.client.on('close', () => {
      if (this.closing || !this.wasReady || this.lost) return;
      this.lost = true;
      this.logger.error(`lost Redis at ${this.where}${this.failure}: serving the deployments already applied; deploys answer 503 until it is back`);
    });
    this.client.on('ready', () => {
      if (this.lost) this.logger.log(`Redis at ${this.where} is back`);
      this.lost = false;
      this.lastError = undefined;
      this.wasReady = true;
    });
  }

  /** Why the connection failed last, for a message: ` (WRONGPASS invalid username-password pair)`. */
  get failure(): string {
    return this.lastError === undefined ? '' : ` (${this.lastError})`;
  }

  get ready(): boolean {
    return this.client.status === 'ready';
  }

  /** Connects, or gives up after `connectTimeoutMs` (reconnecting goes on in the background). */
  async connect(): Promise<boolean> {
    const timeout = new Promise<false>((done) => setTimeout(() => done(false), this.settings.connectTimeoutMs).unref());
    const connected = this.client.connect().then(
      () => true,
      () => false,
    );
    if (!(await Promise.race([connected, timeout]))) {
      this.wasReady = true;
      this.lost = true;
      return false;
    }
    await this.checkDurability();
    return true;
  }

  /** A second connection for pub/sub (a subscribed connection cannot send other commands). */
  subscriber(): Redis {
    const subscriber = this.client.duplicate();
    subscriber.on('error', () => undefined);
    return subscriber;
  }

  /** Runs one store operation; any Redis failure becomes StoreUnavailableError naming the server. */
  async run<T>(operation: (client: Redis) => Promise<T>): Promise<T> {
    if (!this.ready) throw new StoreUnavailableError(`the deployment store (Redis at ${this.where}) is unreachable`);
    try {
      return await operation(this.client);
    } catch (error) {
      throw new StoreUnavailableError(`the deployment store (Redis at ${this.where}) failed: ${(error as Error).message}`);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.client.disconnect();
  }

  /**
   * A deploy is acknowledged once Redis answered it; without `appendonly yes` and `appendfsync
   * always` a Redis restart can lose it. Managed services may refuse CONFIG: then nothing is said.
   */
  private async checkDurability(): Promise<void> {
    let appendonly: string | undefined;
    let appendfsync: string | undefined;
    try {
      [, appendonly] = (await this.client.config('GET', 'appendonly')) as string[];
      [, appendfsync] = (await this.client.config('GET', 'appendfsync')) as string[];
    } catch {
      return;
    }
    if (appendonly !== 'yes' || appendfsync !== 'always') {
      this.logger.warn(
        `Redis at ${this.where} runs with appendonly ${appendonly ?? '?'} and appendfsync ${appendfsync ?? '?'}: ` +
          'a deploy it acknowledged can be lost if Redis restarts (use appendonly yes, appendfsync always)',
      );
    }
  }
}

function printableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'the configured URL';
  }
}
