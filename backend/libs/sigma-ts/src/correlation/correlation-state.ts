/**
 * Storage behind the correlation engine. The engine makes at most two calls per chain level per
 * batch: `append` (always) and `commitFires` (only when something fires), so a remote store needs
 * one round trip for a quiet batch and two for a batch that alerts, whatever the batch size.
 */

/** One sliding-window entry. `(id, r, v)` is its identity: re-delivering the same match is a no-op. */
export interface WindowEntry {
  /** Event time in ms. */
  ts: number;
  /** Event id (or alert id for a chained correlation). */
  id: string;
  /** Index of the referenced rule in `correlation.rules` (0 for non-temporal types). */
  r: number;
  /** value_count: canonical JSON of the counted value(s); value_sum/avg/percentile: the number. */
  v?: string | number;
}

export interface AppendGroup {
  /** CorrelationRule.key */
  correlationKey: string;
  /** Canonical JSON of the group-by values. */
  groupKey: string;
  spanMs: number;
  entries: WindowEntry[];
}

export interface AppendBatch {
  allowedLatenessMs: number;
  /** At most one item per (correlationKey, groupKey). */
  groups: AppendGroup[];
}

export interface GroupWindow {
  /** Per input entry: stored now (false when late, already consumed by an alert, or a duplicate). */
  accepted: boolean[];
  late: number;
  consumed: number;
  duplicate: number;
  /** Anchor timestamp of the group's last alert; entries at or before it are consumed. */
  firedThrough: number | null;
  /** Correlation watermark after this batch: max event time seen. */
  watermark: number;
  /**
   * Stored entries with ts in [minAccepted - span, maxAccepted + span] and ts > firedThrough,
   * in any order (the engine sorts). Empty when nothing was accepted.
   */
  entries: WindowEntry[];
}

export interface FireCommit {
  correlationKey: string;
  groupKey: string;
  spanMs: number;
  allowedLatenessMs: number;
  /**
   * Anchor of the alert. The commit succeeds iff the group's firedThrough < throughTs - spanMs (the
   * group is not muted by an earlier alert); it then sets firedThrough = throughTs and drops the
   * group's entries <= throughTs (no later window can contain them).
   */
  throughTs: number;
}

export interface CorrelationStateStats {
  activeGroups: number;
  /** Estimated bytes per active group (entries + keys + bookkeeping). */
  bytesPerGroup: number;
}

export interface CorrelationState {
  /**
   * Atomically, for the whole batch: with `horizon = watermark before this batch - allowedLatenessMs`,
   * reject entries older than the horizon (late) or at/before the group's `firedThrough`
   * (consumed), store the rest, prune entries older than `horizon - span` (nothing an anchor of
   * this batch can still see), raise each correlation's watermark to the max event time seen,
   * refresh the group's TTL (span + lateness) and return the window slices the engine needs.
   * Result i answers `batch.groups[i]`.
   */
  append(batch: AppendBatch): Promise<GroupWindow[]>;
  /**
   * Atomically, in order: apply each FireCommit (see there). Result i answers fires[i]. This
   * compare-and-set is what lets several workers sharing one state emit each alert once.
   */
  commitFires(fires: FireCommit[]): Promise<boolean[]>;
  stats(): CorrelationStateStats;
}

/** Canonical member string for an entry (also the Redis sorted-set member). */
export function encodeEntry(e: Pick<WindowEntry, 'id' | 'r' | 'v'>): string {
  return JSON.stringify(e.v === undefined ? [e.id, e.r] : [e.id, e.r, e.v]);
}

export function decodeEntry(member: string, ts: number): WindowEntry {
  const [id, r, v] = JSON.parse(member) as [string, number, (string | number)?];
  return v === undefined ? { ts, id, r } : { ts, id, r, v };
}

/** Rough heap/Redis footprint of one entry: member bytes + score + skiplist/hash overhead. */
export function estimateEntryBytes(e: WindowEntry): number {
  return 64 + e.id.length + (typeof e.v === 'string' ? e.v.length : e.v === undefined ? 0 : 8);
}
