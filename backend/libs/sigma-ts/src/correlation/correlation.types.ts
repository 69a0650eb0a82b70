/** Sigma 2.1 correlation types, plus `value_median` (a `value_percentile` fixed at 50). */
export const CORRELATION_TYPES = [
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
  'value_median',
] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

export const COMPARISON_OPERATORS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

export interface Comparison {
  op: ComparisonOperator;
  value: number;
}

/** A semantically validated correlation rule, compiled once. */
export interface CorrelationRule {
  /** Stable identity: `id`, else `name`, else `path#title`. Used for state keys and alert ids. */
  key: string;
  id?: string;
  name?: string;
  title: string;
  level?: string;
  path: string;
  type: CorrelationType;
  /** Referenced rules (Sigma rules or correlations) by id or name, in declaration order. */
  rules: string[];
  groupBy: string[];
  /** alias name -> (referenced rule name or id -> field name in that rule's events). */
  aliases: Record<string, Record<string, string>>;
  timespan: string;
  timespanMs: number;
  /** All comparisons must hold (a range is `gt` + `lte`). Empty for a temporal rule without condition. */
  comparisons: Comparison[];
  /** `condition.field`: one field, or several (value_count counts distinct combinations). */
  fields: string[];
  /** 0..100, for value_percentile (50 for value_median). */
  percentile?: number;
  /** Whether the referenced rules must also be emitted as stand-alone alerts (spec default: false). */
  generate: boolean;
}

/** One detection hit fed to the engine: a Sigma rule (or a correlation) matched one event. */
export interface RuleMatch {
  ruleId: string;
  ruleName?: string;
  eventId: string;
  /** Event time, milliseconds since the epoch. */
  timestamp: number;
  /** Reads a field of the matched event by its Sigma (post-pipeline) name. */
  fields: (sigmaField: string) => unknown;
}

export interface CorrelationAlert {
  /** Deterministic: `<correlation key>:<group hash>:<anchor timestamp>`. Identical across workers. */
  alertId: string;
  correlationId: string;
  correlationName?: string;
  title: string;
  level?: string;
  type: CorrelationType;
  /** group-by field (or alias) -> value. */
  groupKey: Record<string, unknown>;
  /** Contributing event ids (distinct, time-ordered), capped at `maxEventIdsPerAlert`. */
  eventIds: string[];
  /** Total number of distinct contributing events (may exceed eventIds.length). */
  eventCount: number;
  firstTimestamp: number;
  /** Timestamp of the event that completed the correlation (the window anchor). */
  lastTimestamp: number;
  /** The aggregate compared by the condition (count, distinct count, number of rules, sum, avg, percentile). */
  value?: number;
  /**
   * False when this correlation is itself referenced by another correlation that does not set
   * `generate: true`: the alert feeds the chain but should not be surfaced on its own.
   */
  emit: boolean;
}
