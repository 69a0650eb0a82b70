/**
 * Redis implementation of sigma-ts' CorrelationState: one sorted set per (correlation, group)
 * scored by event time, a `firedThrough` string per group and a watermark per correlation. Each
 * engine call is one Lua script run (one round trip per batch), atomic across workers; all keys
 * carry a TTL of timespan + allowed lateness so idle groups evict themselves.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  decodeEntry,
  estimateEntryBytes,
  encodeEntry,
  groupHash,
  type AppendBatch,
  type CorrelationState,
  type CorrelationStateStats,
  type FireCommit,
  type GroupWindow,
} from 'sigma-ts';

const LUA_HELPERS = `
local function num(x) return string.format('%.17g', x) end
local function getnum(k)
  local v = redis.call('GET', k)
  if v then return tonumber(v) end
  return false
end
`;

/** ARGV[1] = {p, lat, g: [{c, k, s, e: [[ts, member]...]}]} */
const APPEND_LUA = `${LUA_HELPERS}
local req = cjson.decode(ARGV[1])
local p, lat = req.p, req.lat
local before, after, ttl = {}, {}, {}
for _, g in ipairs(req.g) do
  if before[g.c] == nil then
    before[g.c] = getnum(p .. 'wm:' .. g.c)
    after[g.c] = before[g.c]
    ttl[g.c] = 0
  end
  if g.s + lat > ttl[g.c] then ttl[g.c] = g.s + lat end
  for _, e in ipairs(g.e) do
    local a = after[g.c]
    if a == false or e[1] > a then after[g.c] = e[1] end
  end
end
local out = {}
for gi, g in ipairs(req.g) do
  local zk = p .. 'z:' .. g.c .. ':' .. g.k
  local fk = p .. 'f:' .. g.c .. ':' .. g.k
  local b = before[g.c]
  local fired = getnum(fk)
  local acc, late, consumed, dup = {}, 0, 0, 0
  local minA, maxA = false, false
  for i, e in ipairs(g.e) do
    local ts = e[1]
    if b ~= false and ts < b - lat then
      late = late + 1
      acc[i] = '0'
    elseif fired ~= false and ts <= fired then
      consumed = consumed + 1
      acc[i] = '0'
    elseif redis.call('ZADD', zk, 'NX', num(ts), e[2]) == 1 then
      acc[i] = '1'
      if minA == false or ts < minA then minA = ts end
      if maxA == false or ts > maxA then maxA = ts end
    else
      dup = dup + 1
      acc[i] = '0'
    end
  end
  if b ~= false then redis.call('ZREMRANGEBYSCORE', zk, '-inf', '(' .. num(b - lat - g.s)) end
  local entries = {}
  if minA ~= false then
    entries = redis.call('ZRANGEBYSCORE', zk, num(minA - g.s), num(maxA + g.s), 'WITHSCORES')
  end
  redis.call('PEXPIRE', zk, g.s + lat)
  if fired ~= false then redis.call('PEXPIRE', fk, g.s + lat) end
  local size = redis.call('ZCARD', zk)
  out[gi] = {table.concat(acc), late, consumed, dup, fired and num(fired) or '', num(after[g.c]), size, entries}
end
for c, a in pairs(after) do
  if a ~= false then redis.call('SET', p .. 'wm:' .. c, num(a), 'PX', ttl[c]) end
end
return out
`;

/** ARGV[1] = {p, f: [{c, k, s, l, t}]} */
const COMMIT_LUA = `${LUA_HELPERS}
local req = cjson.decode(ARGV[1])
local p = req.p
local res = {}
for i, f in ipairs(req.f) do
  local zk = p .. 'z:' .. f.c .. ':' .. f.k
  local fk = p .. 'f:' .. f.c .. ':' .. f.k
  local cur = getnum(fk)
  if cur ~= false and cur >= f.t - f.s then
    res[i] = 0
  else
    local v = f.t
    if cur ~= false and cur > v then v = cur end
    redis.call('SET', fk, num(v), 'PX', f.s + f.l)
    redis.call('ZREMRANGEBYSCORE', zk, '-inf', num(f.t))
    res[i] = 1
  end
end
return res
`;

type AppendReply = Array<[string, number, number, number, string, string, number, string[]]>;

export interface RedisCorrelationStateOptions {
  /** Prefix of every key this state writes. Default `vigie:corr:`. */
  keyPrefix?: string;
}

interface LocalGroup {
  expiresAt: number;
  entries: number;
  bytesPerEntry: number;
}

const GROUP_OVERHEAD_BYTES = 250; // two keys, their TTLs and the sorted-set skeleton

export class RedisCorrelationState implements CorrelationState {
  readonly keyPrefix: string;
  private readonly shas = new Map<string, string>();
  /** Groups this process has touched, for the synchronous stats() estimate. */
  private readonly local = new Map<string, LocalGroup>();

  constructor(
    private readonly redis: Redis,
    opts: RedisCorrelationStateOptions = {},
  ) {
    this.keyPrefix = opts.keyPrefix ?? 'vigie:corr:';
  }

  async append(batch: AppendBatch): Promise<GroupWindow[]> {
    if (batch.groups.length === 0) return [];
    const payload = {
      p: this.keyPrefix,
      lat: batch.allowedLatenessMs,
      g: batch.groups.map((g) => ({
        c: keyPart(g.correlationKey),
        k: groupHash(g.groupKey),
        s: g.spanMs,
        e: g.entries.map((e) => [e.ts, encodeEntry(e)]),
      })),
    };
    const reply = (await this.run(APPEND_LUA, JSON.stringify(payload))) as AppendReply;
    const now = Date.now();
    return reply.map(([acc, late, consumed, duplicate, fired, wm, size, flat], i) => {
      const g = batch.groups[i];
      const entries = [];
      let bytes = 0;
      for (let j = 0; j < flat.length; j += 2) {
        const e = decodeEntry(flat[j], Number(flat[j + 1]));
        bytes += estimateEntryBytes(e);
        entries.push(e);
      }
      this.track(
        g.correlationKey,
        g.groupKey,
        now + g.spanMs + batch.allowedLatenessMs,
        Number(size),
        entries.length ? bytes / entries.length : 0,
      );
      return {
        accepted: [...acc].map((ch) => ch === '1'),
        late: Number(late),
        consumed: Number(consumed),
        duplicate: Number(duplicate),
        firedThrough: fired === '' ? null : Number(fired),
        watermark: Number(wm),
        entries,
      };
    });
  }

  async commitFires(fires: FireCommit[]): Promise<boolean[]> {
    if (fires.length === 0) return [];
    const payload = {
      p: this.keyPrefix,
      f: fires.map((f) => ({
        c: keyPart(f.correlationKey),
        k: groupHash(f.groupKey),
        s: f.spanMs,
        l: f.allowedLatenessMs,
        t: f.throughTs,
      })),
    };
    const reply = (await this.run(COMMIT_LUA, JSON.stringify(payload))) as number[];
    return reply.map((r) => Number(r) === 1);
  }

  /**
   * Estimate from the groups this process touched (Redis holds the truth; see countGroups()).
   * Entries are counted as reported by Redis after each append.
   */
  stats(): CorrelationStateStats {
    const now = Date.now();
    let bytes = 0;
    let n = 0;
    for (const [key, g] of this.local) {
      if (g.expiresAt <= now) {
        this.local.delete(key);
        continue;
      }
      n++;
      bytes += GROUP_OVERHEAD_BYTES + g.entries * (g.bytesPerEntry || 72);
    }
    return { activeGroups: n, bytesPerGroup: n === 0 ? 0 : Math.round(bytes / n) };
  }

  /** Exact number of live group sorted sets under this prefix (SCAN: for tests and diagnostics). */
  async countGroups(): Promise<number> {
    let cursor = '0';
    let n = 0;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.keyPrefix}z:*`, 'COUNT', 1000);
      cursor = next;
      n += keys.length;
    } while (cursor !== '0');
    return n;
  }

  private track(
    correlationKey: string,
    groupKey: string,
    expiresAt: number,
    entries: number,
    bytesPerEntry: number,
  ): void {
    const key = `${correlationKey}\u0000${groupKey}`;
    this.local.delete(key);
    if (entries > 0) this.local.set(key, { expiresAt, entries, bytesPerEntry });
    // the map is in touch order: drop what has certainly expired from the front
    for (const [k, g] of this.local) {
      if (g.expiresAt > Date.now()) break;
      this.local.delete(k);
    }
  }

  /** EVALSHA, loading the script on NOSCRIPT (first use, or after a Redis restart / SCRIPT FLUSH). */
  private async run(script: string, arg: string): Promise<unknown> {
    let sha = this.shas.get(script);
    if (!sha) {
      sha = createHash('sha1').update(script).digest('hex');
      this.shas.set(script, sha);
    }
    try {
      return await this.redis.evalsha(sha, 0, arg);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) return this.redis.eval(script, 0, arg);
      throw new Error(
        `correlation state script failed (prefix ${this.keyPrefix}): ${(err as Error).message}`,
        { cause: err },
      );
    }
  }
}

/** Correlation keys are ids, names or paths: keep them readable but free of ':' and spaces. */
function keyPart(correlationKey: string): string {
  return encodeURIComponent(correlationKey);
}
