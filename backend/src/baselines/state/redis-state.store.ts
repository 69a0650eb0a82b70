/**
 * Baseline state in Redis (distributed mode): every worker reads and updates the same statistics. A batch's
 * operations go to Redis as one JSON argument of one Lua script (EVALSHA), which runs them in order atomically —
 * one round trip per batch, and no two workers interleave inside a batch. Keys: `<prefix><tenant>:<key>`.
 * `applyOnce` claims its key (`SET NX EX`) in the same script, before the operations: a retried batch applies
 * nothing. (Keys are computed inside the script, so this targets a single Redis, not a cluster.)
 */
import type { Redis } from 'ioredis';
import type { BaselineStateStore, StateOp, StateResult } from './state-store.port.js';

const APPLY = `
local prefix = ARGV[1]
if ARGV[3] and ARGV[3] ~= '' then
  if not redis.call('SET', prefix .. ARGV[3], '', 'NX', 'EX', ARGV[4]) then return false end
end
local ops = cjson.decode(ARGV[2])
local out = {}
for i, op in ipairs(ops) do
  local k = prefix .. op.k
  local t = op.t
  local r
  if t == 'hincr' then
    r = redis.call('HINCRBYFLOAT', k, op.f, op.n)
  elseif t == 'sadd' then
    local added = redis.call('SADD', k, op.m)
    r = { added, redis.call('SCARD', k) }
    if op.track then redis.call('HSET', prefix .. op.track.k, op.track.f, r[2]) end
  elseif t == 'hget' then
    r = redis.call('HGET', k, op.f)
    if not r then r = cjson.null end
  elseif t == 'hset' then
    r = redis.call('HGET', k, op.f)
    if not r then r = cjson.null end
    redis.call('HSET', k, op.f, op.v)
  elseif t == 'hmax' or t == 'hmin' then
    local prev = redis.call('HGET', k, op.f)
    if not prev then
      redis.call('HSET', k, op.f, op.n)
      r = cjson.null
    else
      local p = tonumber(prev)
      if (t == 'hmax' and op.n > p) or (t == 'hmin' and op.n < p) then redis.call('HSET', k, op.f, op.n) end
      r = p
    end
  elseif t == 'zpush' then
    redis.call('ZADD', k, op.s, op.m)
    local n = redis.call('ZCARD', k)
    if n > op.cap then redis.call('ZREMRANGEBYRANK', k, 0, n - op.cap - 1) end
    local z = redis.call('ZRANGE', k, 0, -1, 'WITHSCORES')
    r = {}
    for j = 2, #z, 2 do r[#r + 1] = tonumber(z[j]) end
  end
  if op.ttl then redis.call('EXPIRE', k, op.ttl) end
  out[i] = r
end
return cjson.encode(out)
`;

export class RedisBaselineStateStore implements BaselineStateStore {
  readonly kind = 'redis' as const;
  private sha?: string;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix = 'vigie:bl:',
  ) {}

  private prefix(tenant: string): string {
    return `${this.keyPrefix}${tenant}:`;
  }

  async apply(tenant: string, ops: StateOp[]): Promise<StateResult[]> {
    if (ops.length === 0) return [];
    return (await this.run(tenant, ops))!;
  }

  async applyOnce(
    tenant: string,
    key: string,
    ttlS: number,
    ops: StateOp[],
  ): Promise<StateResult[] | undefined> {
    return this.run(tenant, ops, key, ttlS);
  }

  async setOnceNote(tenant: string, key: string, note: string): Promise<void> {
    await this.redis.set(this.prefix(tenant) + key, note, 'KEEPTTL', 'XX');
  }

  async getOnceNote(tenant: string, key: string): Promise<string | undefined> {
    return (await this.redis.get(this.prefix(tenant) + key)) ?? undefined;
  }

  /** One EVALSHA of the script; with `once`, undefined when the key was claimed before (nothing applied). */
  private async run(tenant: string, ops: StateOp[], once = '', ttlS = 0): Promise<StateResult[] | undefined> {
    const arg = JSON.stringify(ops);
    const args = [this.prefix(tenant), arg, once, String(Math.max(1, Math.round(ttlS)))];
    if (!this.sha) this.sha = (await this.redis.script('LOAD', APPLY)) as string;
    let text: string | null;
    try {
      text = (await this.redis.evalsha(this.sha, 0, ...args)) as string | null;
    } catch (err) {
      if (!String((err as Error).message).includes('NOSCRIPT'))
        throw new Error(`baseline state (Redis): ${(err as Error).message}`, { cause: err });
      text = (await this.redis.eval(APPLY, 0, ...args)) as string | null;
    }
    if (text === null) return undefined;
    // cjson encodes an empty table as {} and numbers as numbers; normalise to the port's result types
    const parsed = JSON.parse(text) as unknown;
    const arr: unknown[] = Array.isArray(parsed)
      ? parsed
      : Object.keys(parsed as object).length === 0
        ? []
        : Object.values(parsed as object);
    return ops.map((op, i) => {
      const r = arr[i];
      if (op.t === 'hincr') return Number(r);
      if (op.t === 'zpush') return Array.isArray(r) ? (r as number[]) : [];
      if (op.t === 'sadd') return r as number[];
      if (r === null || r === undefined) return null;
      return op.t === 'hmax' || op.t === 'hmin' ? Number(r) : String(r);
    });
  }

  async hgetall(tenant: string, keys: string[]): Promise<Record<string, string>[]> {
    if (!keys.length) return [];
    const p = this.redis.pipeline();
    for (const k of keys) p.hgetall(this.prefix(tenant) + k);
    const res = (await p.exec()) ?? [];
    return res.map(([err, v]) => {
      if (err) throw new Error(`baseline state (Redis) HGETALL: ${err.message}`);
      return (v ?? {}) as Record<string, string>;
    });
  }

  async smembers(tenant: string, key: string): Promise<string[]> {
    return this.redis.smembers(this.prefix(tenant) + key);
  }

  async hdel(tenant: string, key: string, fields: string[]): Promise<void> {
    if (fields.length) await this.redis.hdel(this.prefix(tenant) + key, ...fields);
  }

  async hmset(tenant: string, key: string, values: Record<string, string>): Promise<void> {
    if (Object.keys(values).length) await this.redis.hset(this.prefix(tenant) + key, values);
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}
}
