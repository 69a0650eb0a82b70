/**
 * The in-memory baseline state (embedded mode). Each tenant's state is snapshotted to the storage port
 * (`config` document `baseline-state`, JSON of hashes, sets and capped sorted sets) by `flush()` — called by the
 * refresh timer and at shutdown — and loaded back on first use, so a restart loses nothing that was flushed.
 */
import type { StoragePort } from '../../storage/storage.port.js';
import type { BaselineStateStore, StateOp, StateResult } from './state-store.port.js';

interface TenantState {
  /** Hash fields keep numbers as numbers (no string round trips on the hot path); read as strings. */
  h: Map<string, Map<string, string | number>>;
  s: Map<string, Set<string>>;
  z: Map<string, number[]>;
  /** key → expiry (ms, wall clock) */
  exp: Map<string, number>;
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
    const st: TenantState = { h: new Map(), s: new Map(), z: new Map(), exp: new Map(), dirty: false };
    const doc = this.storage ? await this.storage.getDocument<Snapshot>(tenant, 'config', STATE_DOC_ID) : undefined;
    if (doc) {
      for (const [k, fields] of doc.doc.h) st.h.set(k, new Map(fields));
      for (const [k, members] of doc.doc.s) st.s.set(k, new Set(members));
      for (const [k, scores] of doc.doc.z) st.z.set(k, scores);
      for (const [k, e] of doc.doc.exp) st.exp.set(k, e);
    }
    if (!this.tenants.has(tenant)) this.tenants.set(tenant, st);
    return this.tenants.get(tenant)!;
  }

  private expire(st: TenantState, k: string, ttl: number | undefined, now: number): void {
    if (ttl) st.exp.set(k, now + ttl * 1000);
  }

  private live(st: TenantState, k: string, now: number): void {
    const e = st.exp.get(k);
    if (e !== undefined && e <= now) {
      st.h.delete(k);
      st.s.delete(k);
      st.z.delete(k);
      st.exp.delete(k);
    }
  }

  private hash(st: TenantState, k: string): Map<string, string | number> {
    let h = st.h.get(k);
    if (!h) st.h.set(k, (h = new Map()));
    return h;
  }

  async apply(tenant: string, ops: StateOp[]): Promise<StateResult[]> {
    const st = await this.state(tenant);
    const now = Date.now();
    const out: StateResult[] = new Array(ops.length);
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      if (st.exp.size) this.live(st, op.k, now);
      switch (op.t) {
        case 'hincr': {
          const h = this.hash(st, op.k);
          const prev = h.get(op.f);
          const v = (prev === undefined ? 0 : typeof prev === 'number' ? prev : Number(prev)) + op.n;
          h.set(op.f, v);
          if (op.ttl) this.expire(st, op.k, op.ttl, now);
          out[i] = v;
          break;
        }
        case 'sadd': {
          let s = st.s.get(op.k);
          if (!s) st.s.set(op.k, (s = new Set()));
          const added = s.has(op.m) ? 0 : 1;
          if (added) s.add(op.m);
          if (op.ttl) this.expire(st, op.k, op.ttl, now);
          if (op.track) this.hash(st, op.track.k).set(op.track.f, s.size);
          out[i] = [added, s.size];
          break;
        }
        case 'hget': {
          const v = st.h.get(op.k)?.get(op.f);
          out[i] = v === undefined ? null : typeof v === 'number' ? String(v) : v;
          break;
        }
        case 'hset': {
          const h = this.hash(st, op.k);
          const prev = h.get(op.f);
          out[i] = prev === undefined ? null : typeof prev === 'number' ? String(prev) : prev;
          h.set(op.f, op.v);
          if (op.ttl) this.expire(st, op.k, op.ttl, now);
          break;
        }
        case 'hmax':
        case 'hmin': {
          const h = this.hash(st, op.k);
          const prev = h.get(op.f);
          const pn = prev === undefined ? undefined : typeof prev === 'number' ? prev : Number(prev);
          out[i] = pn === undefined ? null : pn;
          if (pn === undefined || (op.t === 'hmax' ? op.n > pn : op.n < pn)) h.set(op.f, op.n);
          break;
        }
        case 'zpush': {
          let z = st.z.get(op.k);
          if (!z) st.z.set(op.k, (z = []));
          if (!z.includes(op.s)) {
            // insertion into the ascending scores (events mostly arrive in time order: usually at the end)
            let at = z.length;
            while (at > 0 && z[at - 1] > op.s) at--;
            z.splice(at, 0, op.s);
            if (z.length > op.cap) z.splice(0, z.length - op.cap);
          }
          if (op.ttl) this.expire(st, op.k, op.ttl, now);
          out[i] = [...z];
          break;
        }
      }
    }
    if (ops.length) st.dirty = true;
    return out;
  }

  async hgetall(tenant: string, keys: string[]): Promise<Record<string, string>[]> {
    const st = await this.state(tenant);
    return keys.map((k) => {
      const o: Record<string, string> = {};
      for (const [f, v] of st.h.get(k) ?? []) o[f] = typeof v === 'number' ? String(v) : v;
      return o;
    });
  }

  async smembers(tenant: string, key: string): Promise<string[]> {
    return [...((await this.state(tenant)).s.get(key) ?? [])];
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
    const h = this.hash(st, key);
    for (const [f, v] of Object.entries(values)) h.set(f, v);
    st.dirty = true;
  }

  async flush(): Promise<void> {
    if (!this.storage) return;
    const now = Date.now();
    for (const [tenant, st] of this.tenants) {
      if (!st.dirty) continue;
      st.dirty = false;
      for (const k of [...st.exp.keys()]) this.live(st, k, now);
      const snap: Snapshot = {
        kind: 'baseline-state',
        h: [...st.h].map(([k, m]) => [k, [...m].map(([f, v]): [string, string] => [f, String(v)])]),
        s: [...st.s].map(([k, s]) => [k, [...s]]),
        z: [...st.z],
        exp: [...st.exp],
      };
      await this.storage.putDocument(tenant, 'config', STATE_DOC_ID, snap, { searchable: false });
    }
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
