/**
 * Rule exceptions compiled once per configuration: value lists on an ECS field, case-insensitive, `*` as a
 * wildcard. An exception past its `expires_at` no longer applies (checked at match time, no recompile needed).
 */
import type { RuleException } from './detection-config.model.js';
import { fieldValues } from './event-fields.js';

interface CompiledException {
  ex: RuleException;
  expiresMs: number;
  exact: Set<string>;
  patterns: RegExp[];
}

function compile(ex: RuleException): CompiledException {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const v of ex.values) {
    const low = v.toLowerCase();
    if (low.includes('*'))
      patterns.push(
        new RegExp(
          `^${low
            .split('*')
            .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*')}$`,
          's',
        ),
      );
    else exact.add(low);
  }
  return { ex, expiresMs: ex.expires_at ? Date.parse(ex.expires_at) : Infinity, exact, patterns };
}

export class ExceptionMatcher {
  private readonly byRule = new Map<string, CompiledException[]>();

  constructor(exceptions: RuleException[]) {
    for (const ex of exceptions) {
      const list = this.byRule.get(ex.rule_id) ?? [];
      list.push(compile(ex));
      this.byRule.set(ex.rule_id, list);
    }
  }

  get size(): number {
    return this.byRule.size;
  }

  /** The exception that silences this rule on this event now, if any. */
  find(ruleId: string, doc: unknown, nowMs: number): RuleException | undefined {
    for (const list of [this.byRule.get(ruleId), this.byRule.get('*')]) {
      if (!list) continue;
      for (const c of list) {
        if (c.expiresMs <= nowMs) continue;
        for (const v of fieldValues(doc, c.ex.field)) {
          const low = v.toLowerCase();
          if (c.exact.has(low) || c.patterns.some((p) => p.test(low))) return c.ex;
        }
      }
    }
    return undefined;
  }
}
