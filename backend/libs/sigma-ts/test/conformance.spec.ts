/**
 * Conformance on the SigmaHQ corpus: every maintained rule loads and compiles, deprecated/unsupported rules are
 * rejected only for the constructs Sigma 2 dropped, and every regression case fires its rule through evtx-json.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileRuleSet, loadRuleSet, readRuleFiles, type RuleSet, type SigmaEngine } from '../src/index.js';
import { parseEventStream } from '../src/events/event-stream.js';
import { SIGMAHQ, TEST_PLACEHOLDERS, corpusAvailable } from './corpus.js';

const MAINTAINED = [
  'rules',
  'rules-emerging-threats',
  'rules-threat-hunting',
  'rules-placeholder',
  'rules-compliance',
];
const LEGACY_REASON = /Sigma 1 |rule collection 'action|status 'unsupported'/;

describe.skipIf(!corpusAvailable(SIGMAHQ, 'SigmaHQ conformance'))('SigmaHQ corpus', () => {
  const loaded = new Map<string, RuleSet>();
  const load = (dir: string) => {
    let s = loaded.get(dir);
    if (!s) {
      s = loadRuleSet(readRuleFiles([SIGMAHQ + dir]), { placeholders: TEST_PLACEHOLDERS, pipeline: 'ecs' });
      loaded.set(dir, s);
    }
    return s;
  };

  for (const dir of MAINTAINED) {
    it(`${dir}: every rule loads and compiles (0 rejected)`, () => {
      const set = load(dir);
      expect(set.rejected).toEqual([]);
      expect(set.rules.length).toBeGreaterThan(0);
      const engine = compileRuleSet(set, { pipeline: 'evtx-json' });
      expect(engine.rejected).toEqual([]);
      expect(engine.ruleCount).toBe(set.rules.length);
    });
  }

  it('deprecated: loads except Sigma 1 aggregation / unsupported-status rules, rejected naming the construct', () => {
    const set = load('deprecated');
    expect(set.rules.length).toBeGreaterThan(160);
    for (const r of set.rejected) expect(r.reason).toMatch(LEGACY_REASON);
    expect(set.rejected.some((r) => /Sigma 1 aggregation/.test(r.reason))).toBe(true);
  });

  it('unsupported: every file using a dropped construct is rejected naming it; the rest use plain Sigma 2', () => {
    const files = readRuleFiles([SIGMAHQ + 'unsupported']);
    const set = loadRuleSet(files, { placeholders: TEST_PLACEHOLDERS });
    for (const r of set.rejected) expect(r.reason).toMatch(LEGACY_REASON);
    const rejectedPaths = new Set(set.rejected.map((r) => r.path));
    const loadedFiles = files.filter((f) => !rejectedPaths.has(f.path));
    // Files that load are exactly those with valid Sigma 2 syntax, no Sigma 1 construct and a usable status.
    for (const f of loadedFiles) {
      expect(f.text).not.toMatch(/^status: unsupported/m);
      expect(f.text).not.toMatch(/condition:.*\|/);
      expect(f.text).not.toMatch(/^\s*timeframe:/m);
    }
    console.info(
      `[sigma-ts] unsupported/: ${set.rejected.length} rejected, ${loadedFiles.length} load (${loadedFiles.map((f) => f.path.split('/').pop()).join(', ')})`,
    );
    expect(loadedFiles.length).toBeLessThanOrEqual(4);
  });

  describe('regression cases (evtx-json pipeline, every maintained rule compiled together)', () => {
    let engine: SigmaEngine;
    const cases: { info: string; ruleId: string; json: string; need: number }[] = [];
    const noTest: string[] = [];
    beforeAll(() => {
      const rules = MAINTAINED.flatMap((d) => load(d).rules);
      engine = compileRuleSet({ rules, filters: [] }, { pipeline: 'evtx-json' });
      const walk = (p: string) => {
        for (const e of readdirSync(p).sort()) {
          const q = join(p, e);
          if (statSync(q).isDirectory()) walk(q);
          else if (e === 'info.yml') {
            const y = parse(readFileSync(q, 'utf8'));
            const t = y.regression_tests_info?.[0];
            if (!t) noTest.push(q);
            else
              cases.push({
                info: q,
                ruleId: y.rule_metadata[0].id,
                json: join(SIGMAHQ, t.path.replace(/\.evtx$/, '.json')),
                need: t.match_count ?? 1,
              });
          }
        }
      };
      walk(SIGMAHQ + 'regression_data');
    });

    it('every case fires its rule at least match_count times', () => {
      expect(cases.length).toBeGreaterThanOrEqual(200);
      const failures: string[] = [];
      let events = 0;
      for (const c of cases) {
        const parsed = parseEventStream(readFileSync(c.json, 'utf8'));
        if (!parsed.ok) {
          failures.push(`${c.json}: ${parsed.reason}`);
          continue;
        }
        events += parsed.events.length;
        let n = 0;
        for (const ev of parsed.events) n += engine.match(ev).filter((m) => m.rule.id === c.ruleId).length;
        if (n < c.need) failures.push(`${c.ruleId} (${c.info}): ${n} matches < ${c.need}`);
      }
      expect(failures).toEqual([]);
      console.info(
        `[sigma-ts] regression: ${cases.length} cases, ${events} events, all fire; ${noTest.length} case(s) without an evtx test skipped`,
      );
    });
  });

  it('ecs pipeline maps the fields of Windows process_creation/network/file/registry rules (degraded bounded)', () => {
    const cats = /^(process_creation|network_connection|file_\w+|registry_\w+)$/;
    const rules = MAINTAINED.flatMap((d) => load(d).rules).filter(
      (r) => r.logsource.product === 'windows' && cats.test(r.logsource.category ?? ''),
    );
    let fields = 0;
    const degraded = new Map<string, number>();
    const engine = compileRuleSet({ rules, filters: [] }, { pipeline: 'ecs' });
    for (const r of rules) fields += r.fields.length;
    for (const d of engine.degraded) degraded.set(d.reason, (degraded.get(d.reason) ?? 0) + 1);
    const ratio = engine.degraded.length / fields;
    console.info(
      `[sigma-ts] ecs: ${rules.length} Windows rules, ${fields} field uses, ${engine.degraded.length} degraded (${(ratio * 100).toFixed(2)}%)`,
    );
    expect(rules.length).toBeGreaterThan(1500);
    expect(ratio).toBeLessThan(0.02);
    // The core process fields are always mapped explicitly.
    for (const d of engine.degraded)
      expect(d.reason).not.toMatch(
        /'(Image|CommandLine|ParentImage|ParentCommandLine|TargetFilename|TargetObject|User)'/,
      );
  });
});

describe.skipIf(!corpusAvailable(SIGMAHQ, 'fast YAML equivalence'))('fast YAML reader on the corpus', () => {
  it('gives exactly what the yaml package gives for every SigmaHQ file it accepts (and accepts almost all)', async () => {
    const { parseAllDocuments } = await import('yaml');
    const { parseSigmaYaml } = await import('../src/loader/fast-yaml.js');
    const files = readRuleFiles([...MAINTAINED, 'deprecated', 'unsupported'].map((d) => SIGMAHQ + d));
    let declined = 0;
    for (const f of files) {
      const fast = parseSigmaYaml(f.text);
      if (!fast) {
        declined++;
        continue;
      }
      const ref = parseAllDocuments(f.text)
        .map((d) => d.toJS())
        .filter((v) => v !== null && v !== undefined);
      expect(
        fast.filter((v) => v !== null && v !== undefined),
        f.path,
      ).toEqual(ref);
    }
    expect(declined).toBeLessThan(files.length / 100);
  });
});
