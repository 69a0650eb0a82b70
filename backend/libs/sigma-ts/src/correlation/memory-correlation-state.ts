import {
  encodeEntry,
  estimateEntryBytes,
  type AppendBatch,
  type CorrelationState,
  type CorrelationStateStats,
  type FireCommit,
  type GroupWindow,
  type WindowEntry,
} from './correlation-state.js';

interface GroupState {
  entries: Map<string, WindowEntry>;
  firedThrough: number | null;
  /** Event-time deadline: once the correlation watermark passes it, the group is dead. */
  expiresAt: number;
  correlationKey: string;
  bytes: number;
}

const GROUP_OVERHEAD_BYTES = 160;

/**
 * In-process CorrelationState. Groups are kept in touch order and swept from the oldest touch on
 * every append, so memory is bounded by the groups live within span + lateness of the watermark.
 */
export class MemoryCorrelationState implements CorrelationState {
  private readonly groups = new Map<string, GroupState>();
  private readonly watermarks = new Map<string, number>();
  private appends = 0;

  async append(batch: AppendBatch): Promise<GroupWindow[]> {
    const lateness = batch.allowedLatenessMs;
    // lateness is judged against the watermark *before* this batch: a batch may be in any order
    const before = new Map<string, number>();
    for (const g of batch.groups) {
      const prev = this.watermarks.get(g.correlationKey) ?? -Infinity;
      if (!before.has(g.correlationKey)) before.set(g.correlationKey, prev);
      let max = prev;
      for (const e of g.entries) if (e.ts > max) max = e.ts;
      this.watermarks.set(g.correlationKey, max);
    }
    const out: GroupWindow[] = [];
    for (const g of batch.groups) {
      const wm = this.watermarks.get(g.correlationKey) as number;
      const horizon = (before.get(g.correlationKey) as number) - lateness;
      const key = stateKey(g.correlationKey, g.groupKey);
      let st = this.groups.get(key);
      if (st) this.groups.delete(key); // re-insert: Map order = touch order
      st ??= {
        entries: new Map(),
        firedThrough: null,
        expiresAt: 0,
        correlationKey: g.correlationKey,
        bytes: 0,
      };
      const accepted: boolean[] = [];
      let late = 0;
      let consumed = 0;
      let duplicate = 0;
      let minA = Infinity;
      let maxA = -Infinity;
      for (const e of g.entries) {
        if (e.ts < horizon) {
          late++;
          accepted.push(false);
        } else if (st.firedThrough !== null && e.ts <= st.firedThrough) {
          consumed++;
          accepted.push(false);
        } else {
          const m = encodeEntry(e);
          if (st.entries.has(m)) {
            duplicate++;
            accepted.push(false);
          } else {
            st.entries.set(m, e); // entries are treated as immutable by the engine
            st.bytes += estimateEntryBytes(e);
            accepted.push(true);
            if (e.ts < minA) minA = e.ts;
            if (e.ts > maxA) maxA = e.ts;
          }
        }
      }
      const pruneBelow = horizon - g.spanMs;
      let newest = -Infinity;
      for (const [m, e] of st.entries) {
        if (e.ts < pruneBelow) {
          st.entries.delete(m);
          st.bytes -= estimateEntryBytes(e);
        } else if (e.ts > newest) newest = e.ts;
      }
      const entries: WindowEntry[] = [];
      if (maxA >= minA) {
        const lo = minA - g.spanMs;
        const hi = maxA + g.spanMs;
        for (const e of st.entries.values()) if (e.ts >= lo && e.ts <= hi) entries.push(e);
      }
      st.expiresAt = Math.max(newest, st.firedThrough ?? -Infinity) + g.spanMs + lateness;
      if (st.entries.size > 0 || st.firedThrough !== null) this.groups.set(key, st);
      out.push({
        accepted,
        late,
        consumed,
        duplicate,
        firedThrough: st.firedThrough,
        watermark: wm,
        entries,
      });
    }
    this.sweep();
    return out;
  }

  async commitFires(fires: FireCommit[]): Promise<boolean[]> {
    return fires.map((f) => {
      const key = stateKey(f.correlationKey, f.groupKey);
      const st = this.groups.get(key);
      if (!st || (st.firedThrough !== null && st.firedThrough >= f.throughTs - f.spanMs)) return false;
      st.firedThrough = Math.max(st.firedThrough ?? -Infinity, f.throughTs);
      for (const [m, e] of st.entries) {
        if (e.ts <= f.throughTs) {
          st.entries.delete(m);
          st.bytes -= estimateEntryBytes(e);
        }
      }
      st.expiresAt = Math.max(st.expiresAt, f.throughTs + f.spanMs + f.allowedLatenessMs);
      return true;
    });
  }

  stats(): CorrelationStateStats {
    let bytes = 0;
    for (const st of this.groups.values()) bytes += GROUP_OVERHEAD_BYTES + st.bytes;
    const n = this.groups.size;
    return { activeGroups: n, bytesPerGroup: n === 0 ? 0 : Math.round(bytes / n) };
  }

  /** Drops groups whose window (plus lateness) lies entirely behind their correlation watermark. */
  private sweep(): void {
    // Touch order ~ event order, so most appends stop at the first live group; every 64th append
    // scans everything, so a long-lived group at the front cannot shield dead ones behind it.
    const full = ++this.appends % 64 === 0;
    for (const [key, st] of this.groups) {
      const wm = this.watermarks.get(st.correlationKey) ?? -Infinity;
      if (st.expiresAt >= wm) {
        if (full) continue;
        break;
      }
      this.groups.delete(key);
    }
  }
}

function stateKey(correlationKey: string, groupKey: string): string {
  return `${correlationKey}\u0000${groupKey}`;
}
