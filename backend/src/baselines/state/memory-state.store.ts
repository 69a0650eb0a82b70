/**
 * The in-memory baseline state (embedded mode). Each tenant's state is snapshotted to the storage port
 * (`config` document `baseline-state`, JSON of hashes, sets and capped sorted sets) by `flush()` — called by the
 * refresh timer and at shutdown — and loaded back on first use, so a restart loses nothing that was flushed.
 */
import type { StoragePort } from '../../storage/storage.port.js';
import type { BaselineStateStore, StateOp, StateResult } from './state-store.port.js';

/** Each container carries its key's expiry (ms, wall clock): checking it costs no extra lookup per op. */
type Hash = Map<string, string | number> & { exp?: number };
type MemberSet = Set<string> & { exp?: number };
type Scores = number[] & { exp?: number };

interface TenantState {
  /** Hash fields keep numbers as numbers (no string round trips on the hot path); read as strings. */
  h: Map<string, Hash>;
  s: Map<string, MemberSet>;
  z: Map<string, Scores>;
  /** `applyOnce` claims: key → expiry and note. Not snapshotted: the in-process queue's retries die with it. */
  once: Map<string, { exp: number; note: string }>;
  dirty: boolean;
}

interface Snapshot extends Record<string, unknown> {
  kind: 'baseline-state';
  h: [string, [string, string][]][];
  s: [string, string[]][];
  z: [string, number[]][];
  exp: [string, number][];
}

export const STATE_DOC_ID = 'baseline-state';

export class MemoryBaselineStateStore implements BaselineStateStore {
  readonly kind = 'memory' as const;
  private readonly tenants = new Map<string, TenantState>();
  private readonly loading = new Map<string, Promise<TenantState>>();

  /** `storage` undefined: nothing persisted (unit tests, evaluation). */
  constructor(private readonly storage?: StoragePort) {}

  private async state(tenant: string): Promise<TenantState> {
    const t = this.tenants.get(tenant);
    if (t) return t;
    let p = this.loading.get(tenant);
    if (!p) {
      p = this.load(tenant).finally(() => this.loading.delete(tenant));
      this.loading.set(tenant, p);
    }
    return p;
  }

  private async load(tenant: string): Promise<TenantState> {
    const st: TenantState = { h: new Map(), s: new Map(), z: new Map(), once: new Map(), dirty: false };
    const doc = this.storage
      ? await this.storage.getDocument<Snapshot>(tenant, 'config', STATE_DOC_ID)
      : undefined;
    if (doc) {
      for (const [k, fields] of doc.doc.h) st.h.set(k, new Map(fields));
      for (const [k, members] of doc.doc.s) st.s.set(k, new Set(members));
      for (const [k, scores] of doc.doc.z) st.z.set(k, scores);
      for (const [k, e] of doc.doc.exp)
        for (const c of [st.h.get(k), st.s.get(k), st.z.get(k)]) if (c) c.exp = e;
    }
    if (!this.tenants.has(tenant)) this.tenants.set(tenant, st);
    return this.tenants.get(tenant)!;
  }

  /** The live container of a key (an expired one is dropped first). */
  private hashOf(st: TenantState, k: string, now: number, create: true): Hash;
  private hashOf(st: TenantState, k: string, now: number, create: false): Hash | undefined;
  private hashOf(st: TenantState, k: string, now: number, create: boolean): Hash | undefined {
    let h = st.h.get(k);
    if (h && h.exp !== undefined && h.exp <= now) {
      st.h.delete(k);
      h = undefined;
    }
    if (!h && create) st.h.set(k, (h = new Map() as Hash));
    return h;
  }

  private setOf(st: TenantState, k: string, now: number): MemberSet {
    let s = st.s.get(k);
    if (s && s.exp !== undefined && s.exp <= now) s = undefined;
    if (!s) st.s.set(k, (s = new Set() as MemberSet));
    return s;
  }

  private scoresOf(st: TenantState, k: string, now: number): Scores {
    let z = st.z.get(k);
    if (z && z.exp !== undefined && z.exp <= now) z = undefined;
    if (!z) st.z.set(k, (z = [] as Scores));
    return z;
  }

  async apply(tenant: string, ops: StateOp[]): Promise<StateResult[]> {
    const st = await this.state(tenant);
    const now = Date.now();
    const out: StateResult[] = new Array(ops.length);
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      switch (op.t) {
        case 'hincr': {
          const h = this.hashOf(st, op.k, now, true);
          const prev = h.get(op.f);
          const v = (prev === undefined ? 0 : typeof prev === 'number' ? prev : Number(prev)) + op.n;
          h.set(op.f, v);
          if (op.ttl) h.exp = now + op.ttl * 1000;
          out[i] = v;
          break;
        }
        case 'sadd': {
          const s = this.setOf(st, op.k, now);
          const added = s.has(op.m) ? 0 : 1;
          if (added) s.add(op.m);
          if (op.ttl) s.exp = now + op.ttl * 1000;
          if (op.track) this.hashOf(st, op.track.k, now, true).set(op.track.f, s.size);
          out[i] = [added, s.size];
          break;
        }
        case 'hget': {
          const v = this.hashOf(st, op.k, now, false)?.get(op.f);
          out[i] = v === undefined ? null : typeof v === 'number' ? String(v) : v;
          break;
        }
        case 'hset': {
          const h = this.hashOf(st, op.k, now, true);
          const prev = h.get(op.f);
          out[i] = prev === undefined ? null : typeof prev === 'number' ? String(prev) : prev;
          h.set(op.f, op.v);
          if (op.ttl) h.exp = now + op.ttl * 1000;
          break;
        }
        case 'hmax':
        case 'hmin': {
          const h = this.hashOf(st, op.k, now, true);
          const prev = h.get(op.f);
          const pn = prev === undefined ? undefined : typeof prev === 'number' ? prev : Number(prev);
          out[i] = pn === undefined ? null : pn;
          if (pn === undefined || (op.t === 'hmax' ? op.n > pn : op.n < pn)) h.set(op.f, op.n);
          break;
        }
        case 'zpush': {
          const z = this.scoresOf(st, op.k, now);
          if (!z.includes(op.s)) {
            // insertion into the ascending scores (events mostly arrive in time order: usually at the end)
            let at = z.length;
            while (at > 0 && z[at - 1] > op.s) at--;
            z.splice(at, 0, op.s);
            if (z.length > op.cap) z.splice(0, z.length - op.cap);
          }
          if (op.ttl) z.exp = now + op.ttl * 1000;
          out[i] = [...z];
          break;
        }
      }
    }
    if (ops.length) st.dirty = true;
    return out;
  }

  async applyOnce(
    tenant: string,
    key: string,
    ttlS: number,
    ops: StateOp[],
  ): Promise<StateResult[] | undefined> {
    const st = await this.state(tenant);
    const now = Date.now();
    const claim = st.once.get(key);
    if (claim && claim.exp > now) return undefined;
    st.once.set(key, { exp: now + ttlS * 1000, note: '' });
    return this.apply(tenant, ops);
  }

  async setOnceNote(tenant: string, key: string, note: string): Promise<void> {
    const claim = (await this.state(tenant)).once.get(key);
    if (claim) claim.note = note;
  }

  async getOnceNote(tenant: string, key: string): Promise<string | undefined> {
    const claim = (await this.state(tenant)).once.get(key);
    return claim && claim.exp > Date.now() ? claim.note : undefined;
  }

  async hgetall(tenant: string, keys: string[]): Promise<Record<string, string>[]> {
    const st = await this.state(tenant);
    const now = Date.now();
    return keys.map((k) => {
      const o: Record<string, string> = {};
      for (const [f, v] of this.hashOf(st, k, now, false) ?? []) o[f] = typeof v === 'number' ? String(v) : v;
      return o;
    });
  }

  async smembers(tenant: string, key: string): Promise<string[]> {
    const s = (await this.state(tenant)).s.get(key);
    return s && (s.exp === undefined || s.exp > Date.now()) ? [...s] : [];
  }

  async hdel(tenant: string, key: string, fields: string[]): Promise<void> {
    const st = await this.state(tenant);
    const h = st.h.get(key);
    if (!h) return;
    for (const f of fields) h.delete(f);
    st.dirty = true;
  }

  async hmset(tenant: string, key: string, values: Record<string, string>): Promise<void> {
    const st = await this.state(tenant);
    const h = this.hashOf(st, key, Date.now(), true);
    for (const [f, v] of Object.entries(values)) h.set(f, v);
    st.dirty = true;
  }

  async flush(): Promise<void> {
    if (!this.storage) return;
    const now = Date.now();
    for (const [tenant, st] of this.tenants) {
      for (const [k, c] of st.once) if (c.exp <= now) st.once.delete(k);
      if (!st.dirty) continue;
      st.dirty = false;
      const exp: [string, number][] = [];
      for (const m of [st.h, st.s, st.z] as Map<string, { exp?: number }>[]) {
        for (const [k, c] of m) {
          if (c.exp === undefined) continue;
          if (c.exp <= now) m.delete(k);
          else exp.push([k, c.exp]);
        }
      }
      const snap: Snapshot = {
        kind: 'baseline-state',
        h: [...st.h].map(([k, m]) => [k, [...m].map(([f, v]): [string, string] => [f, String(v)])]),
        s: [...st.s].map(([k, s]) => [k, [...s]]),
        z: [...st.z],
        exp,
      };
      await this.storage.putDocument(tenant, 'config', STATE_DOC_ID, snap, { searchable: false });
    }
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
