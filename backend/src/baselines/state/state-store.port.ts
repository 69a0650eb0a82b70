/**
 * Baseline state: per (tenant, detector, entity) statistics, kept behind this port with two implementations —
 * memory (embedded mode; snapshots persisted through the storage port so a restart loses nothing) and Redis
 * (several workers see and update the same state; a batch's operations run atomically in one Lua call, one round
 * trip). Keys are relative to the tenant; operations are the few the models need, with the same semantics on both.
 */

export type StateOp =
  /** Adds `n` to hash field (float); result: the new value. */
  | { t: 'hincr'; k: string; f: string; n: number; ttl?: number }
  /** Adds a member to a set; result: [added 0|1, cardinality]. `track`: also writes the cardinality to that hash field. */
  | { t: 'sadd'; k: string; m: string; ttl?: number; track?: { k: string; f: string } }
  /** Reads a hash field; result: the string or null. */
  | { t: 'hget'; k: string; f: string }
  /** Sets a hash field; result: the previous string or null. */
  | { t: 'hset'; k: string; f: string; v: string; ttl?: number }
  /** Keeps the larger (`hmax`) or smaller (`hmin`) number in a hash field; result: the previous number or null. */
  | { t: 'hmax' | 'hmin'; k: string; f: string; n: number }
  /** Adds a timestamped point to a capped sorted set (newest `cap` kept); result: the scores, ascending. */
  | { t: 'zpush'; k: string; s: number; m: string; cap: number; ttl?: number };

export type StateResult = number | string | null | number[];

export interface BaselineStateStore {
  readonly kind: 'memory' | 'redis';
  /** Runs the operations in order, atomically with respect to other workers; returns one result per op. */
  apply(tenant: string, ops: StateOp[]): Promise<StateResult[]>;
  /**
   * `apply`, at most once per `key` within `ttlS` seconds: the claim of the key and the operations are atomic. A
   * second call with the same key (a retried batch) changes nothing and returns undefined.
   */
  applyOnce(tenant: string, key: string, ttlS: number, ops: StateOp[]): Promise<StateResult[] | undefined>;
  /** A note kept with a claimed key until it expires (what the claiming run produced), and reading it back. */
  setOnceNote(tenant: string, key: string, note: string): Promise<void>;
  getOnceNote(tenant: string, key: string): Promise<string | undefined>;
  /** Whole hashes (refresh and explanations). */
  hgetall(tenant: string, keys: string[]): Promise<Record<string, string>[]>;
  smembers(tenant: string, key: string): Promise<string[]>;
  hdel(tenant: string, key: string, fields: string[]): Promise<void>;
  /** Writes several hash fields at once (refreshed models). */
  hmset(tenant: string, key: string, values: Record<string, string>): Promise<void>;
  /** Persists what is not yet durable (memory: snapshot to storage). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function asNumber(r: StateResult | undefined): number {
  return typeof r === 'number' ? r : typeof r === 'string' ? Number(r) : 0;
}
