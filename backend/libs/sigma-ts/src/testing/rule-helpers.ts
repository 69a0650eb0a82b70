/** Test helpers: build rules from YAML text and match plain events through the `none` pipeline. */
import { compileRuleSet } from '../index.js';
import { loadRuleSet, type LoadOptions } from '../loader/ruleset.loader.js';
import type { SigmaRule } from '../types.js';

export function ruleYaml(detection: string, extra = ''): string {
  return `title: Test rule\nid: 11111111-2222-4333-8444-555555555555\nlogsource:\n  product: test\n${extra}detection:\n${detection
    .trim()
    .split('\n')
    .map((l) => '  ' + l)
    .join('\n')}\n`;
}

export function loadOne(text: string, opts: LoadOptions = {}): { rule?: SigmaRule; reason?: string } {
  const set = loadRuleSet([{ path: 'test.yml', text }], opts);
  if (set.rejected.length) return { reason: set.rejected[0].reason };
  return { rule: set.rules[0] };
}

/** Returns a predicate telling whether the detection matches an event (plain JSON, `none` pipeline). */
export function matcher(
  detection: string,
  opts: LoadOptions = {},
): (event: Record<string, unknown>) => boolean {
  const { rule, reason } = loadOne(ruleYaml(detection), opts);
  if (!rule) throw new Error(`rule rejected: ${reason}`);
  const engine = compileRuleSet({ rules: [rule], filters: [] }, { pipeline: 'none' });
  if (engine.rejected.length) throw new Error(`rule not compiled: ${engine.rejected[0].reason}`);
  return (event) => engine.match(event).length === 1;
}

export function rejection(detection: string, opts: LoadOptions = {}): string | undefined {
  const { rule, reason } = loadOne(ruleYaml(detection), opts);
  if (reason) return reason;
  const engine = compileRuleSet({ rules: [rule!], filters: [] }, { pipeline: 'none' });
  return engine.rejected[0]?.reason;
}
