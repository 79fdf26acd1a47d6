/**
 * The static children of a trie node, by segment text. Most nodes have a handful and keep them in
 * one Map. A node with thousands (every API under one first segment, say `/apis/<name>`) keeps
 * them in shards by hash, so that a deploy's path copying copies one shard and the list of shards
 * instead of the whole fan-out.
 */
export class StaticEdges<T> {
  private constructor(
    private small: Map<string, T> | undefined,
    private shards: Map<string, T>[] | undefined,
    /** Shards this copy may change in place (the others are shared with the copy it came from). */
    private owned: boolean[] | undefined,
  ) {}

  static empty<T>(): StaticEdges<T> {
    return new StaticEdges<T>(new Map(), undefined, undefined);
  }

  get size(): number {
    if (this.small !== undefined) return this.small.size;
    let size = 0;
    for (const shard of this.shards as Map<string, T>[]) size += shard.size;
    return size;
  }

  get(key: string): T | undefined {
    return this.small !== undefined ? this.small.get(key) : (this.shards as Map<string, T>[])[shardOf(key)].get(key);
  }

  /** A copy that shares what it can with this one; only the copy may then be changed. */
  copy(): StaticEdges<T> {
    if (this.small !== undefined) return new StaticEdges(new Map(this.small), undefined, undefined);
    return new StaticEdges<T>(undefined, [...(this.shards as Map<string, T>[])], new Array<boolean>(SHARDS).fill(false));
  }

  set(key: string, value: T): void {
    if (this.small !== undefined) {
      this.small.set(key, value);
      if (this.small.size > SHARD_ABOVE) this.shard();
      return;
    }
    this.ownShard(shardOf(key)).set(key, value);
  }

  delete(key: string): void {
    if (this.small !== undefined) this.small.delete(key);
    else this.ownShard(shardOf(key)).delete(key);
  }

  private shard(): void {
    const shards = Array.from({ length: SHARDS }, () => new Map<string, T>());
    for (const [key, value] of this.small as Map<string, T>) shards[shardOf(key)].set(key, value);
    this.small = undefined;
    this.shards = shards;
    this.owned = new Array<boolean>(SHARDS).fill(true);
  }

  private ownShard(index: number): Map<string, T> {
    const shards = this.shards as Map<string, T>[];
    const owned = this.owned as boolean[];
    if (!owned[index]) {
      shards[index] = new Map(shards[index]);
      owned[index] = true;
    }
    return shards[index];
  }
}

const SHARDS = 64;
const SHARD_ABOVE = 256;

/** FNV-1a over the UTF-16 code units, folded to a shard index. */
function shardOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % SHARDS;
}
