/**
 * Test events carried by our own rules: a sibling `<rule>.tests.yml` of `<rule>.yml` with `positive:` and
 * `negative:` lists of events (ECS by default). Every positive event must fire each rule of the sibling file, no
 * negative event may fire any of them.
 *
 *   pipeline: ecs            # optional: ecs (default) | evtx-json | none
 *   logsource: {...}         # optional, for the none pipeline
 *   positive:
 *     - { process: { executable: 'C:\Windows\System32\whoami.exe' }, vigie: { logsource: {...} } }
 *   negative:
 *     - { ... }
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { compileRuleSet } from '../index.js';
import { listFiles } from '../loader/files.js';
import { loadRuleSet, type LoadOptions } from '../loader/ruleset.loader.js';
import { PIPELINE_NAMES, type PipelineName } from '../pipelines/index.js';
import type { Issue, Logsource } from '../types.js';

export interface RuleTestResult {
  path: string;
  testsPath: string;
  ruleIds: string[];
  positives: number;
  negatives: number;
  failures: string[];
}

export interface RuleTestReport {
  files: number;
  withTests: number;
  passed: number;
  failed: number;
  rejected: Issue[];
  results: RuleTestResult[];
}

export function testsPathOf(rulePath: string): string {
  return rulePath.replace(/\.ya?ml$/, '.tests.yml');
}

export function runRuleTests(paths: string[], opts: Pick<LoadOptions, 'placeholders'> = {}): RuleTestReport {
  const report: RuleTestReport = { files: 0, withTests: 0, passed: 0, failed: 0, rejected: [], results: [] };
  const rules = listFiles(paths, ['.yml', '.yaml']).filter((p) => !/\.tests\.ya?ml$/.test(p));
  for (const path of rules) {
    report.files++;
    const testsPath = testsPathOf(path);
    if (!existsSync(testsPath)) continue;
    report.withTests++;
    const result: RuleTestResult = { path, testsPath, ruleIds: [], positives: 0, negatives: 0, failures: [] };
    report.results.push(result);
    let spec: Record<string, unknown>;
    try {
      spec = (parse(readFileSync(testsPath, 'utf8')) ?? {}) as Record<string, unknown>;
    } catch (e) {
      result.failures.push(`${testsPath}: yaml: ${(e as Error).message.split('\n')[0]}`);
      report.failed++;
      continue;
    }
    const pipeline = (spec.pipeline ?? 'ecs') as PipelineName;
    if (!PIPELINE_NAMES.includes(pipeline)) {
      result.failures.push(`${testsPath}: unknown pipeline '${String(spec.pipeline)}'`);
      report.failed++;
      continue;
    }
    const set = loadRuleSet([{ path, text: readFileSync(path, 'utf8') }], { ...opts, pipeline });
    report.rejected.push(...set.rejected);
    const engine = compileRuleSet(set, { pipeline });
    report.rejected.push(...engine.rejected);
    result.ruleIds = engine.ruleInfos().map((r) => r.id);
    if (result.ruleIds.length === 0) result.failures.push(`${path}: no detection rule loaded`);
    const ls = spec.logsource as Logsource | undefined;
    const list = (k: string) => (Array.isArray(spec[k]) ? (spec[k] as unknown[]) : []);
    const positive = list('positive');
    const negative = list('negative');
    if (positive.length === 0) result.failures.push(`${testsPath}: no positive event`);
    positive.forEach((ev, i) => {
      result.positives++;
      const fired = new Set(engine.match(ev, ls ? { logsource: ls } : undefined).map((m) => m.rule.id));
      for (const id of result.ruleIds)
        if (!fired.has(id)) result.failures.push(`positive[${i}] does not fire ${id}`);
    });
    negative.forEach((ev, i) => {
      result.negatives++;
      const fired = engine.match(ev, ls ? { logsource: ls } : undefined).map((m) => m.rule.id);
      if (fired.length) result.failures.push(`negative[${i}] fires ${fired.join(', ')}`);
    });
    if (result.failures.length) report.failed++;
    else report.passed++;
  }
  return report;
}
