/** Text rendering of a conformance report: a table per source, then (verbose) rejects and mismatches. */
import type { ConformanceReport, SourceResult } from './runner.js';

const pct = (v: number | undefined) => (v === undefined ? '   n/a' : `${(v * 100).toFixed(1).padStart(5)}%`);

function short(v: unknown): string {
  if (v === undefined) return '∅';
  const s = JSON.stringify(v);
  return s.length > 160 ? s.slice(0, 157) + '...' : s;
}

function sourceLine(s: SourceResult): string {
  return [
    s.id.padEnd(28),
    pct(s.agreement),
    `${s.matches}/${s.comparisons}`.padStart(10),
    `extra ${s.extras}`.padEnd(9),
    `entries ${s.entries}`.padEnd(12),
    `parsed ${s.parsed}`.padEnd(11),
    `skipped ${s.skipped}`.padEnd(11),
    `rejected ${s.rejected}`.padEnd(12),
    s.droppedWithExpected ? `DROPPED-WITH-EXPECTED ${s.droppedWithExpected}` : '',
  ].join(' ');
}

export function formatReport(report: ConformanceReport, verbose = false): string {
  const out: string[] = [`Elastic conformance — corpus ${report.corpusDir}`, ''];
  out.push(
    `${'source'.padEnd(28)} agree     match/cmp extra = core fields we set that Elastic's doc lacks (not scored)`,
  );
  for (const s of report.sources) {
    out.push(sourceLine(s));
    for (const f of s.fixtures) {
      const extra = [
        f.rawSource === 'expected-original' ? 'raw from expected event.original' : '',
        f.unreplayable ? `${f.unreplayable} expected doc(s) without raw text` : '',
        f.unaligned ? `${f.unaligned} expected doc(s) unaligned` : '',
        ...f.problems,
      ].filter(Boolean);
      out.push(
        `    ${f.file || f.fixture}: ${pct(f.comparisons ? f.matches / f.comparisons : undefined)} ` +
          `(${f.matches}/${f.comparisons}), ${f.extras.length} extra, ${f.parsed}/${f.entries} parsed, ${f.rejected} rejected` +
          (extra.length ? ` [${extra.join('; ')}]` : ''),
      );
      if (!verbose) continue;
      for (const d of f.droppedWithExpected)
        out.push(`      DROPPED #${d.entry} (${d.outcome}): ${d.reason} — ${short(d.text)}`);
      for (const r of f.rejects) out.push(`      reject #${r.entry}: ${r.reason} — ${short(r.text)}`);
      for (const m of f.mismatches)
        out.push(`      #${m.entry} ${m.field}: expected ${short(m.expected)} actual ${short(m.actual)}`);
      for (const x of f.extras) out.push(`      #${x.entry} extra ${x.field}: ${short(x.actual)}`);
    }
  }
  out.push('');
  out.push(
    `OVERALL ${pct(report.agreement)} (${report.matches}/${report.comparisons} comparisons), ` +
      `${report.extras} extra field(s) not in Elastic's docs — ` +
      `${report.parsed}/${report.entries} entries parsed, ${report.rejected} rejected, ` +
      `${report.droppedWithExpected} dropped although Elastic produced a document`,
  );
  return out.join('\n');
}
