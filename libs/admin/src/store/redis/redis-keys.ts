import type { StoredArtifactRef } from '../../deploy/deployment-record.js';
import { artifactFileName } from '../deployment-store.js';

/** The keys and the channel of one deployment set in Redis; replicas sharing `prefix` share it. */
export class RedisKeys {
  readonly revision: string;
  readonly state: string;
  readonly changes: string;

  constructor(private readonly prefix: string) {
    this.revision = `${prefix}:deployments:revision`;
    this.state = `${prefix}:deployments:state`;
    this.changes = `${prefix}:deployments:changes`;
  }

  artifact(ref: StoredArtifactRef): string {
    return `${this.prefix}:deployments:artifact:${artifactFileName(ref)}`;
  }
}

/**
 * Replaces the state when it is still at the revision the change was planned on, and only when
 * every artifact it refers to is there; deletes the artifacts only the replaced state used, and
 * announces the new revision. Atomic: no other command runs in between, so two replicas racing
 * can never both win, and an artifact is never deleted under a state that refers to it.
 * KEYS: revision, state, artifacts that must exist. ARGV: base revision, state text, channel,
 * artifacts to delete.
 */
export const COMMIT_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current ~= tonumber(ARGV[1]) then return {0, current} end
for i = 3, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 then return {-1, KEYS[i]} end
end
local nextRevision = current + 1
redis.call('SET', KEYS[2], ARGV[2])
redis.call('SET', KEYS[1], nextRevision)
for i = 4, #ARGV do redis.call('DEL', ARGV[i]) end
redis.call('PUBLISH', ARGV[3], nextRevision)
return {1, nextRevision}
`;

/**
 * Seeds an empty Redis (no revision yet) with a replica's local copy, at that copy's revision so
 * that replicas which applied it do not take Redis for older. KEYS: revision, state. ARGV: state
 * text, revision, channel.
 */
export const SEED_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('SET', KEYS[1], ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[2])
return 1
`;
