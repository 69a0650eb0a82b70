/** Turns an engine match into the correlation engine's input (`RuleMatch`). */
import type { Match } from './compiler/engine.js';
import type { RuleMatch } from './correlation/index.js';

export function toRuleMatch(m: Match, event: { eventId: string; timestamp: number }): RuleMatch {
  return {
    ruleId: m.rule.id,
    ruleName: m.rule.name,
    eventId: event.eventId,
    timestamp: event.timestamp,
    fields: m.field.bind(m),
  };
}
