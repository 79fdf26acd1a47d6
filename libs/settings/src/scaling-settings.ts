import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, MinLength, ValidateNested } from 'class-validator';

/** How to reach the Redis server that shares deployments between replicas (`deploymentStore.type: redis`). */
export class RedisStoreSettings {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` for TLS. */
  @IsString() @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'deploymentStore.redis.url must be a redis:// or rediss:// URL' }) url = 'redis://127.0.0.1:6379';
  /** Prefix of every key and channel: gateways sharing a prefix share their deployments. */
  @IsString() @MinLength(1) @Matches(/^[A-Za-z0-9:._-]+$/) keyPrefix = 'portico';
  /** How long a start waits for Redis before it serves its local copy instead. */
  @IsInt() @Min(100) @Max(60_000) connectTimeoutMs = 3_000;
  /** How long one Redis command may take before the deploy that needs it answers 503. */
  @IsInt() @Min(100) @Max(60_000) commandTimeoutMs = 3_000;
  /** Besides pub/sub, how often a replica checks the revision, in case a message was lost. */
  @IsInt() @Min(100) @Max(600_000) pollIntervalMs = 2_000;
}

/** Where admin deployments are kept: files under dataDir (one gateway), or Redis (replicas sharing them). */
export class DeploymentStoreSettings {
  @IsIn(['file', 'redis']) type: 'file' | 'redis' = 'file';
  @ValidateNested() @Type(() => RedisStoreSettings) redis = new RedisStoreSettings();
}

/** `workers`: one process (1), N data-plane processes, or `auto` (one per core). */
export type WorkersSetting = number | 'auto';
