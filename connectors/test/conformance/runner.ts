/**
 * The Elastic conformance run: for every registered connector and every fixture in its `elasticFixtures`, parse
 * every raw entry, align our documents with Elastic's expected ones and compare the core fields.
 */
import type { Connector, EcsDocument, ParseContext, ParseOutcome } from '../../src/connector.js';
import { connectors as registered } from '../../src/registry.js';
import { safeParse } from '../../src/registry.js';
import { compareDocs, isYearless, type ExtraField, type Mismatch } from './compare.js';
import {
  elasticCorpusDir,
  expectedText,
  loadFixture,
  loadManifest,
  type LoadedFixture,
  type ManifestEntry,
} from './corpus.js';
import { fixtureOverrides } from './overrides.js';

export interface EntryMismatch extends Mismatch {
  /** 0-based index of the raw entry. */
  entry: number;
}

export interface EntryExtra extends ExtraField {
  /** 0-based index of the raw entry. */
  entry: number;
}

export interface FixtureResult {
  fixture: string;
  file: string;
  rawSource: LoadedFixture['rawSource'];
  entries: number;
  parsed: number;
  skipped: number;
  rejected: number;
  /** Rejected or skipped entries that Elastic turned into a document. */
  droppedWithExpected: { entry: number; outcome: 'reject' | 'skip'; reason: string; text?: string }[];
  rejects: { entry: number; reason: string; text?: string }[];
  expectedDocs: number;
  aligned: number;
  /** Expected documents no raw entry could be aligned with. */
  unaligned: number;
  /** Expected documents without recoverable raw text (raw file absent and no `event.original`). */
  unreplayable: number;
  comparisons: number;
  matches: number;
  mismatches: EntryMismatch[];
  /** Core fields we emit that the aligned expected document lacks (not part of the agreement). */
  extras: EntryExtra[];
  problems: string[];
}

export interface SourceResult {
  id: string;
  fixtures: FixtureResult[];
  entries: number;
  parsed: number;
  skipped: number;
  rejected: number;
  droppedWithExpected: number;
  comparisons: number;
  matches: number;
  /** matches / comparisons, or undefined when nothing was compared. */
  agreement?: number;
  /** Count of core fields we emit that Elastic's expected documents lack. */
  extras: number;
}

export interface ConformanceReport {
  corpusDir: string;
  sources: SourceResult[];
  comparisons: number;
  matches: number;
  agreement?: number;
  extras: number;
  entries: number;
  parsed: number;
  rejected: number;
  droppedWithExpected: number;
}

export interface RunOptions {
  /** Only this connector id. */
  source?: string;
  corpusDir?: string;
  connectors?: readonly Connector[];
}

/** Pairs each expected document with a raw entry: by `event.original`, then `message`, then position. */
export function alignExpected(fx: LoadedFixture): (number | undefined)[] {
  const expected = fx.expected ?? [];
  const used = new Set<number>();
  const byText = new Map<string, number[]>();
  for (const e of fx.entries) {
    if (e.text === undefined) continue;
    const list = byText.get(e.text) ?? [];
    list.push(e.index);
    byText.set(e.text, list);
  }
  const take = (text: string | undefined) => {
    if (text === undefined) return undefined;
    const hit = byText.get(text)?.find((i) => !used.has(i));
    if (hit !== undefined) used.add(hit);
    return hit;
  };
  const out: (number | undefined)[] = expected.map((doc) => {
    const { original, message } = expectedText(doc);
    return take(original) ?? take(message);
  });
  const samePosition = expected.length === fx.entries.length;
  let cursor = 0;
  for (let i = 0; i < expected.length; i++) {
    if (out[i] !== undefined) {
      cursor = out[i]! + 1;
      continue;
    }
    if (samePosition && !used.has(i)) {
      out[i] = i;
      used.add(i);
      cursor = i + 1;
      continue;
    }
    // Old-format fixtures keep only the text after the header in `message`: find the next entry containing it.
    const { message } = expectedText(expected[i]);
    if (message) {
      const hit = fx.entries.find(
        (e) => e.index >= cursor && !used.has(e.index) && e.text?.includes(message),
      );
      if (hit) {
        out[i] = hit.index;
        used.add(hit.index);
        cursor = hit.index + 1;
      }
    }
  }
  return out;
}

export function runFixture(connector: Connector, fx: LoadedFixture): FixtureResult {
  const override = fixtureOverrides[fx.file];
  const ctx: ParseContext = {
    options: { ...fx.options, ...(override?.options ?? {}) },
    now: fx.fixedNow ?? new Date(),
  };
  const outcomes: ParseOutcome[] = fx.entries.map((e) => safeParse(connector, e.record, ctx));
  const result: FixtureResult = {
    fixture: fx.fixture,
    file: fx.file,
    rawSource: fx.rawSource,
    entries: fx.entries.length,
    parsed: 0,
    skipped: 0,
    rejected: 0,
    droppedWithExpected: [],
    rejects: [],
    expectedDocs: fx.expected?.length ?? 0,
    aligned: 0,
    unaligned: 0,
    unreplayable: fx.unreplayable,
    comparisons: 0,
    matches: 0,
    mismatches: [],
    extras: [],
    problems: [...fx.problems],
  };
  outcomes.forEach((o, i) => {
    if (o.kind === 'event') result.parsed++;
    else if (o.kind === 'skip') result.skipped++;
    else {
      result.rejected++;
      result.rejects.push({ entry: i, reason: o.reason, text: fx.entries[i].text?.slice(0, 300) });
    }
  });
  if (!fx.expected) return result;
  const alignment = alignExpected(fx);
  alignment.forEach((entryIndex, docIndex) => {
    if (entryIndex === undefined) {
      // Without recoverable raw text these documents were never replayed; they are counted, not compared.
      if (fx.rawSource === 'file') result.unaligned++;
      return;
    }
    result.aligned++;
    const outcome = outcomes[entryIndex];
    let actual: EcsDocument | undefined;
    if (outcome.kind === 'event') actual = outcome.event;
    else
      result.droppedWithExpected.push({
        entry: entryIndex,
        outcome: outcome.kind,
        reason: outcome.reason,
        text: fx.entries[entryIndex].text?.slice(0, 300),
      });
    const cmp = compareDocs(fx.expected![docIndex], actual, {
      ignored: new Set([...fx.ignoredFields, ...(override?.ignore ?? [])]),
      yearless: isYearless(fx.entries[entryIndex].text),
    });
    result.comparisons += cmp.comparisons;
    result.matches += cmp.matches;
    for (const m of cmp.mismatches) result.mismatches.push({ entry: entryIndex, ...m });
    for (const x of cmp.extras) result.extras.push({ entry: entryIndex, ...x });
  });
  return result;
}

function ratio(matches: number, comparisons: number): number | undefined {
  return comparisons ? matches / comparisons : undefined;
}

export function runConformance(opts: RunOptions = {}): ConformanceReport {
  const corpusDir = opts.corpusDir ?? elasticCorpusDir();
  const manifest: ManifestEntry[] = loadManifest(corpusDir);
  const all = opts.connectors ?? registered;
  const selected = all.filter((c) => c.elasticFixtures.length > 0 && (!opts.source || c.id === opts.source));
  const sources: SourceResult[] = selected.map((connector) => {
    const fixtures: FixtureResult[] = [];
    for (const name of connector.elasticFixtures) {
      const loaded = loadFixture(name, corpusDir, manifest);
      if (loaded.length === 0) {
        fixtures.push({
          ...emptyFixture(name),
          problems: [`fixture "${name}" is not in the corpus manifest`],
        });
        continue;
      }
      for (const fx of loaded) fixtures.push(runFixture(connector, fx));
    }
    const sum = (k: 'entries' | 'parsed' | 'skipped' | 'rejected' | 'comparisons' | 'matches') =>
      fixtures.reduce((n, f) => n + f[k], 0);
    const comparisons = sum('comparisons');
    const matches = sum('matches');
    return {
      id: connector.id,
      fixtures,
      entries: sum('entries'),
      parsed: sum('parsed'),
      skipped: sum('skipped'),
      rejected: sum('rejected'),
      droppedWithExpected: fixtures.reduce((n, f) => n + f.droppedWithExpected.length, 0),
      comparisons,
      matches,
      agreement: ratio(matches, comparisons),
      extras: fixtures.reduce((n, f) => n + f.extras.length, 0),
    };
  });
  const total = (
    k: 'entries' | 'parsed' | 'rejected' | 'droppedWithExpected' | 'comparisons' | 'matches' | 'extras',
  ) => sources.reduce((n, s) => n + s[k], 0);
  return {
    corpusDir,
    sources,
    comparisons: total('comparisons'),
    matches: total('matches'),
    agreement: ratio(total('matches'), total('comparisons')),
    extras: total('extras'),
    entries: total('entries'),
    parsed: total('parsed'),
    rejected: total('rejected'),
    droppedWithExpected: total('droppedWithExpected'),
  };
}

function emptyFixture(fixture: string): FixtureResult {
  return {
    fixture,
    file: '',
    rawSource: 'file',
    entries: 0,
    parsed: 0,
    skipped: 0,
    rejected: 0,
    droppedWithExpected: [],
    rejects: [],
    expectedDocs: 0,
    aligned: 0,
    unaligned: 0,
    unreplayable: 0,
    comparisons: 0,
    matches: 0,
    mismatches: [],
    extras: [],
    problems: [],
  };
}
