import { compare } from './correlation.parser.js';
import type { CorrelationAlert, CorrelationRule, RuleMatch } from './correlation.types.js';
import type {
  AppendGroup,
  CorrelationState,
  CorrelationStateStats,
  FireCommit,
  GroupWindow,
  WindowEntry,
} from './correlation-state.js';
import { createAggregate } from './window-aggregate.js';
import { groupHash } from './group-key.js';

export interface CorrelationEngineOptions {
  /** How far behind a correlation's watermark (max event time seen) an event may arrive. Default 60 s. */
  allowedLatenessMs?: number;
  /** Cap on `CorrelationAlert.eventIds` (eventCount keeps the total). Default 100. */
  maxEventIdsPerAlert?: number;
}

export interface CorrelationEngineStats extends CorrelationStateStats {
  /** Matches older than watermark - allowedLateness: not counted, by design, but never silently. */
  lateEvents: number;
  /** Matches at or before the group's last alert anchor (already consumed by an alert). */
  consumedEvents: number;
  /** Re-delivered matches (same event id, rule and value). */
  duplicateEvents: number;
  /** Matches without a value for some group-by field. */
  missingGroupBy: number;
  /** Matches without a usable value for condition.field (missing, or not numeric for sums). */
  missingValue: number;
  /** Matches whose timestamp is not a finite number. */
  invalidTimestamp: number;
  alerts: number;
  /** Alerts that lost the commit race to another worker sharing the state. */
  commitConflicts: number;
}

interface Compiled {
  rule: CorrelationRule;
  level: number;
  emit: boolean;
  temporal: boolean;
  numeric: boolean;
}

interface Target {
  c: Compiled;
  r: number;
}

interface PendingGroup {
  values: Record<string, unknown>;
  entries: WindowEntry[];
}

interface Draft {
  c: Compiled;
  groupKey: string;
  values: Record<string, unknown>;
  slice: WindowEntry[];
  value: number;
  commit: FireCommit;
}

/**
 * Streams rule matches through Sigma correlations over true sliding event-time windows.
 * Stateless itself: every bit of window state lives in the CorrelationState, so several engines
 * sharing one state behave like one engine.
 */
export class CorrelationEngine {
  private readonly compiled: Compiled[] = [];
  private readonly routes = new Map<string, Target[]>();
  private readonly levels: number[];
  /** base rule reference -> whether some referencing correlation sets generate: true */
  private readonly baseGenerate = new Map<string, boolean>();
  private readonly lateness: number;
  private readonly maxIds: number;
  private readonly counters = {
    lateEvents: 0,
    consumedEvents: 0,
    duplicateEvents: 0,
    missingGroupBy: 0,
    missingValue: 0,
    invalidTimestamp: 0,
    alerts: 0,
    commitConflicts: 0,
  };

  constructor(
    rules: CorrelationRule[],
    private readonly state: CorrelationState,
    opts: CorrelationEngineOptions = {},
  ) {
    this.lateness = opts.allowedLatenessMs ?? 60_000;
    this.maxIds = opts.maxEventIdsPerAlert ?? 100;
    if (!(this.lateness >= 0))
      throw new Error(`allowedLatenessMs must be >= 0, got ${opts.allowedLatenessMs}`);
    if (!(this.maxIds >= 0))
      throw new Error(`maxEventIdsPerAlert must be >= 0, got ${opts.maxEventIdsPerAlert}`);

    const byRef = new Map<string, CorrelationRule>();
    for (const rule of rules) {
      for (const ref of refsOf(rule)) {
        const other = byRef.get(ref);
        if (other && other !== rule) {
          throw new Error(`correlations ${other.path} and ${rule.path} both use the id or name "${ref}"`);
        }
        byRef.set(ref, rule);
      }
    }
    const level = new Map<CorrelationRule, number>();
    const visiting = new Set<CorrelationRule>();
    const levelOf = (rule: CorrelationRule, chain: string[]): number => {
      const known = level.get(rule);
      if (known !== undefined) return known;
      if (visiting.has(rule)) {
        throw new Error(`correlation cycle: ${[...chain, rule.key].join(' -> ')}`);
      }
      visiting.add(rule);
      let l = 1;
      for (const ref of rule.rules) {
        const child = byRef.get(ref);
        if (child) l = Math.max(l, levelOf(child, [...chain, rule.key]) + 1);
      }
      visiting.delete(rule);
      level.set(rule, l);
      return l;
    };
    for (const rule of rules) {
      const parents = rules.filter((p) => p.rules.some((ref) => byRef.get(ref) === rule));
      const c: Compiled = {
        rule,
        level: levelOf(rule, []),
        emit: parents.length === 0 || parents.some((p) => p.generate),
        temporal: rule.type === 'temporal' || rule.type === 'temporal_ordered',
        numeric:
          rule.type === 'value_sum' ||
          rule.type === 'value_avg' ||
          rule.type.startsWith('value_p') ||
          rule.type === 'value_median',
      };
      this.compiled.push(c);
      rule.rules.forEach((ref, r) => {
        const list = this.routes.get(ref) ?? [];
        list.push({ c, r });
        this.routes.set(ref, list);
        if (!byRef.has(ref))
          this.baseGenerate.set(ref, (this.baseGenerate.get(ref) ?? false) || rule.generate);
      });
    }
    this.levels = [...new Set(this.compiled.map((c) => c.level))].sort((a, b) => a - b);
  }

  /**
   * Whether a base rule's own matches should be surfaced as alerts: true when no correlation
   * references it, or when at least one referencing correlation sets `generate: true`.
   */
  emitsRuleMatches(ruleId: string, ruleName?: string): boolean {
    const refs = [ruleId, ruleName].filter((x): x is string => x !== undefined);
    const known = refs.filter((r) => this.baseGenerate.has(r));
    return known.length === 0 || known.some((r) => this.baseGenerate.get(r));
  }

  /**
   * Feeds one batch of matches (any order, any mix of rules). Returns the correlation alerts that
   * fired, chained correlations included (check `alert.emit`). One `append` per chain level that
   * has input, plus one `commitFires` per level that fires.
   */
  async process(matches: RuleMatch[]): Promise<CorrelationAlert[]> {
    const pending = new Map<Compiled, Map<string, PendingGroup>>();
    for (const m of matches) this.route(m, pending);
    const alerts: CorrelationAlert[] = [];
    for (const level of this.levels) {
      const groups: AppendGroup[] = [];
      const owners: Array<{ c: Compiled; values: Record<string, unknown> }> = [];
      for (const [c, byGroup] of pending) {
        if (c.level !== level) continue;
        for (const [groupKey, g] of byGroup) {
          groups.push({
            correlationKey: c.rule.key,
            groupKey,
            spanMs: c.rule.timespanMs,
            entries: g.entries,
          });
          owners.push({ c, values: g.values });
        }
      }
      if (groups.length === 0) continue;
      const windows = await this.state.append({ allowedLatenessMs: this.lateness, groups });
      const drafts: Draft[] = [];
      windows.forEach((w, i) => {
        this.counters.lateEvents += w.late;
        this.counters.consumedEvents += w.consumed;
        this.counters.duplicateEvents += w.duplicate;
        drafts.push(...this.evaluate(owners[i].c, groups[i], owners[i].values, w));
      });
      if (drafts.length === 0) continue;
      const committed = await this.state.commitFires(drafts.map((d) => d.commit));
      drafts.forEach((d, i) => {
        if (!committed[i]) {
          this.counters.commitConflicts++;
          return;
        }
        const alert = this.toAlert(d);
        alerts.push(alert);
        this.counters.alerts++;
        this.route(chainedMatch(d.c.rule, alert), pending);
      });
    }
    return alerts;
  }

  stats(): CorrelationEngineStats {
    return { ...this.state.stats(), ...this.counters };
  }

  private route(m: RuleMatch, pending: Map<Compiled, Map<string, PendingGroup>>): void {
    const targets: Target[] = [];
    for (const ref of [m.ruleId, m.ruleName]) {
      if (ref === undefined) continue;
      for (const t of this.routes.get(ref) ?? []) {
        if (!targets.some((x) => x.c === t.c && x.r === t.r)) targets.push(t);
      }
    }
    if (targets.length === 0) return;
    if (typeof m.timestamp !== 'number' || !Number.isFinite(m.timestamp)) {
      this.counters.invalidTimestamp++;
      return;
    }
    for (const { c, r } of targets) {
      const rule = c.rule;
      const values: Record<string, unknown> = {};
      const ordered: unknown[] = [];
      let missing = false;
      for (const g of rule.groupBy) {
        const v = m.fields(resolveField(rule, g, m));
        if (v === undefined || v === null) {
          missing = true;
          break;
        }
        values[g] = v;
        ordered.push(v);
      }
      if (missing) {
        this.counters.missingGroupBy++;
        continue;
      }
      const entry: WindowEntry = { ts: m.timestamp, id: m.eventId, r: c.temporal ? r : 0 };
      if (rule.fields.length > 0) {
        const raw = rule.fields.map((f) => m.fields(resolveField(rule, f, m)));
        if (raw.some((v) => v === undefined || v === null)) {
          this.counters.missingValue++;
          continue;
        }
        if (c.numeric) {
          const n = toNumber(raw[0]);
          if (n === undefined) {
            this.counters.missingValue++;
            continue;
          }
          entry.v = n;
        } else {
          entry.v = JSON.stringify(raw.length === 1 ? raw[0] : raw);
        }
      }
      const groupKey = JSON.stringify(ordered);
      let byGroup = pending.get(c);
      if (!byGroup) pending.set(c, (byGroup = new Map()));
      let g = byGroup.get(groupKey);
      if (!g) byGroup.set(groupKey, (g = { values, entries: [] }));
      g.entries.push(entry);
    }
  }

  /**
   * Slides over the group's entries: each distinct timestamp t that a newly accepted entry can
   * reach (t in [new, new + span]) is an anchor whose trailing window [t - span, t] is tested.
   * An anchor that satisfies the condition fires; the group is then muted until its window no
   * longer reaches that anchor (t' - span > t), so a sustained burst alerts about once per span.
   */
  private evaluate(c: Compiled, g: AppendGroup, values: Record<string, unknown>, w: GroupWindow): Draft[] {
    const newTs = g.entries.filter((_, i) => w.accepted[i]).map((e) => e.ts);
    if (newTs.length === 0) return [];
    newTs.sort((a, b) => a - b);
    const span = c.rule.timespanMs;
    const isAnchor = (t: number): boolean => {
      let lo = 0;
      let hi = newTs.length - 1;
      let best = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (newTs[mid] <= t) {
          best = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return best >= 0 && t - newTs[best] <= span;
    };
    const entries = [...w.entries].sort(byTime);
    const drafts: Draft[] = [];
    let fired = w.firedThrough ?? -Infinity;
    const agg = createAggregate(c.rule);
    let l = 0;
    let i = 0;
    while (i < entries.length) {
      const t = entries[i].ts;
      let j = i;
      while (j < entries.length && entries[j].ts === t) j++;
      for (let k = i; k < j; k++) agg.add(entries[k]);
      while (l < j && (entries[l].ts < t - span || entries[l].ts <= fired)) agg.remove(entries[l++]);
      // muted while the window still reaches back to the last alert's anchor
      if (t - span > fired && isAnchor(t)) {
        const slice = entries.slice(l, j);
        const value = agg.value(slice);
        if (value !== undefined && compare(value, c.rule.comparisons)) {
          drafts.push({
            c,
            groupKey: g.groupKey,
            values,
            slice,
            value,
            commit: {
              correlationKey: c.rule.key,
              groupKey: g.groupKey,
              spanMs: span,
              allowedLatenessMs: this.lateness,
              throughTs: t,
            },
          });
          fired = t;
        }
      }
      i = j;
    }
    return drafts;
  }

  private toAlert(d: Draft): CorrelationAlert {
    const rule = d.c.rule;
    const ids: string[] = [];
    const seen = new Set<string>();
    for (const e of d.slice) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      if (ids.length < this.maxIds) ids.push(e.id);
    }
    const alert: CorrelationAlert = {
      alertId: `${rule.key}:${groupHash(d.groupKey)}:${d.commit.throughTs}`,
      correlationId: rule.id ?? rule.key,
      title: rule.title,
      type: rule.type,
      groupKey: d.values,
      eventIds: ids,
      eventCount: seen.size,
      firstTimestamp: d.slice[0].ts,
      lastTimestamp: d.commit.throughTs,
      value: d.value,
      emit: d.c.emit,
    };
    if (rule.name) alert.correlationName = rule.name;
    if (rule.level) alert.level = rule.level;
    return alert;
  }
}

function refsOf(rule: CorrelationRule): string[] {
  return [rule.id, rule.name].filter((x): x is string => x !== undefined);
}

/** group-by / condition field as named in the events of the rule that produced the match. */
function resolveField(rule: CorrelationRule, field: string, m: RuleMatch): string {
  const alias = rule.aliases[field];
  if (!alias) return field;
  return (m.ruleName !== undefined ? alias[m.ruleName] : undefined) ?? alias[m.ruleId] ?? field;
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function byTime(a: WindowEntry, b: WindowEntry): number {
  if (a.ts !== b.ts) return a.ts - b.ts;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return a.r - b.r;
}

/** A correlation alert as a match for correlations that reference this correlation. */
function chainedMatch(rule: CorrelationRule, alert: CorrelationAlert): RuleMatch {
  const m: RuleMatch = {
    ruleId: rule.id ?? rule.key,
    eventId: alert.alertId,
    timestamp: alert.lastTimestamp,
    fields: (f) => alert.groupKey[f],
  };
  if (rule.name) m.ruleName = rule.name;
  return m;
}
