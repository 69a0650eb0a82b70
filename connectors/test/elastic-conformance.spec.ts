/**
 * Conformance of every connector with Elastic's expected ECS output (../shared/corpora/elastic-integrations):
 * agreement on the core fields must stay at or above the floors in test/conformance/floors.json, and no raw
 * entry that Elastic turned into a document may be rejected.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { elasticCorpusDir } from './conformance/corpus.js';
import { formatReport } from './conformance/report.js';
import { runConformance, type ConformanceReport } from './conformance/runner.js';

interface Floors {
  overall: number;
  default: number;
  sources: Record<string, number>;
}

const dir = elasticCorpusDir();
const present = existsSync(dir);
if (!present)
  console.warn(
    `elastic-conformance: corpus not found at ${dir}; skipping (set VIGIE_CORPORA to the corpora folder)`,
  );

const floors = JSON.parse(
  readFileSync(new URL('./conformance/floors.json', import.meta.url), 'utf8'),
) as Floors;

describe.skipIf(!present)('Elastic conformance', () => {
  let report: ConformanceReport;
  const getReport = () => (report ??= runConformance({ corpusDir: dir }));

  it('runs every registered connector that names Elastic fixtures', () => {
    const r = getReport();
    console.log(formatReport(r));
    expect(r.sources.length).toBeGreaterThan(0);
    for (const s of r.sources)
      for (const f of s.fixtures) expect(f.problems, `${s.id} ${f.file || f.fixture}`).toEqual([]);
  });

  it('keeps every source at or above its agreement floor', () => {
    const below = getReport()
      .sources.filter((s) => s.agreement !== undefined)
      .map((s) => ({ id: s.id, agreement: s.agreement!, floor: floors.sources[s.id] ?? floors.default }))
      .filter((s) => s.agreement < s.floor - 1e-9)
      .map((s) => `${s.id}: ${(s.agreement * 100).toFixed(1)}% < floor ${(s.floor * 100).toFixed(1)}%`);
    expect(below).toEqual([]);
  });

  it('keeps the overall agreement at or above its floor', () => {
    const r = getReport();
    expect(r.agreement ?? 0).toBeGreaterThanOrEqual(floors.overall - 1e-9);
  });

  it('rejects no raw entry that Elastic turned into a document', () => {
    const dropped = getReport().sources.flatMap((s) =>
      s.fixtures.flatMap((f) =>
        f.droppedWithExpected.map((d) => `${s.id} ${f.file}#${d.entry} ${d.outcome}: ${d.reason}`),
      ),
    );
    expect(dropped).toEqual([]);
  });
});
