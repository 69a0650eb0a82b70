import type { CorrelationRule } from './correlation.types.js';
import type { WindowEntry } from './correlation-state.js';

/**
 * Incremental aggregate over a sliding window. The engine adds entries at the right edge and
 * removes them at the left edge; `value()` is the number the condition compares.
 */
export interface WindowAggregate {
  add(e: WindowEntry): void;
  remove(e: WindowEntry): void;
  /** undefined when the window holds nothing to aggregate. */
  value(window: readonly WindowEntry[]): number | undefined;
}

class CountAggregate implements WindowAggregate {
  private n = 0;
  add(): void {
    this.n++;
  }
  remove(): void {
    this.n--;
  }
  value(): number {
    return this.n;
  }
}

/** Distinct values (value_count) or distinct referenced rules (temporal). */
class DistinctAggregate implements WindowAggregate {
  private readonly counts = new Map<string | number, number>();
  constructor(private readonly pick: (e: WindowEntry) => string | number) {}
  add(e: WindowEntry): void {
    const k = this.pick(e);
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }
  remove(e: WindowEntry): void {
    const k = this.pick(e);
    const n = (this.counts.get(k) ?? 0) - 1;
    if (n <= 0) this.counts.delete(k);
    else this.counts.set(k, n);
  }
  value(): number {
    return this.counts.size;
  }
}

class SumAggregate implements WindowAggregate {
  private sum = 0;
  private n = 0;
  constructor(private readonly average: boolean) {}
  add(e: WindowEntry): void {
    this.sum += e.v as number;
    this.n++;
  }
  remove(e: WindowEntry): void {
    this.sum -= e.v as number;
    this.n--;
    if (this.n === 0) this.sum = 0; // no float drift carried across empty windows
  }
  value(): number | undefined {
    if (this.n === 0) return undefined;
    return this.average ? this.sum / this.n : this.sum;
  }
}

class PercentileAggregate implements WindowAggregate {
  constructor(private readonly p: number) {}
  add(): void {}
  remove(): void {}
  value(window: readonly WindowEntry[]): number | undefined {
    return percentile(
      window.map((e) => e.v as number),
      this.p,
    );
  }
}

/**
 * temporal_ordered: length of the longest prefix of `rules` found in time order in the window
 * (each next rule strictly later than the previous one). Greedy earliest match is optimal.
 */
class OrderedAggregate implements WindowAggregate {
  constructor(private readonly ruleCount: number) {}
  add(): void {}
  remove(): void {}
  value(window: readonly WindowEntry[]): number {
    let next = 0;
    let lastTs = -Infinity;
    for (const e of window) {
      if (e.r === next && e.ts > lastTs) {
        next++;
        lastTs = e.ts;
        if (next === this.ruleCount) break;
      }
    }
    return next;
  }
}

export function createAggregate(rule: CorrelationRule): WindowAggregate {
  switch (rule.type) {
    case 'event_count':
      return new CountAggregate();
    case 'value_count':
      return new DistinctAggregate((e) => e.v as string);
    case 'temporal':
      return new DistinctAggregate((e) => e.r);
    case 'temporal_ordered':
      return new OrderedAggregate(rule.rules.length);
    case 'value_sum':
      return new SumAggregate(false);
    case 'value_avg':
      return new SumAggregate(true);
    case 'value_percentile':
    case 'value_median':
      return new PercentileAggregate(rule.percentile ?? 50);
  }
}

/**
 * p-th percentile (0..100) with linear interpolation between closest ranks
 * (NumPy's default, Excel PERCENTILE.INC): rank = p/100 * (n - 1).
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}
