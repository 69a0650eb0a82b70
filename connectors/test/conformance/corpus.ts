/**
 * Reads the Elastic integrations pipeline-test corpus (`../shared/corpora/elastic-integrations`): the manifest,
 * the raw entries of each fixture (with the test-runner configs applied) and the expected ECS documents.
 *
 * Raw entries follow the corpus README: `.log` files give one event per non-empty line unless a `multiline`
 * config joins them; `.json` files give each element of `events`. When a raw file is absent from the corpus
 * copy, the raw text is recovered from each expected document's `event.original` (the corpus cross-checks that
 * every such value occurs in the raw file); documents without it cannot be replayed and are counted apart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { ConnectorOptions, EcsDocument, RawRecord } from '../../src/connector.js';
import { getField, toFlat } from '../../src/util/ecs.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The corpus folder: `VIGIE_CORPORA` (the `corpora` folder) when set, else `<project>/../shared/corpora`. */
export function elasticCorpusDir(): string {
  const corpora = process.env.VIGIE_CORPORA ?? resolve(here, '../../../../shared/corpora');
  return join(corpora, 'elastic-integrations');
}

export interface ManifestEntry {
  pkg: string;
  ds: string;
  raw: string;
  expected: string | null;
  config: string[];
  notes?: string[] | null;
  checks?: Record<string, unknown>;
}

export interface FixtureConfig {
  /** Static fields the Elastic test runner adds to each input, flattened to dotted keys. */
  fields: Record<string, unknown>;
  /** Dotted field names whose values vary between runs (ignored by the comparison). */
  dynamicFields: string[];
  multiline?: { firstLinePattern: RegExp };
}

/** One raw entry as the pipeline sees it, plus the text used to align it with an expected document. */
export interface RawEntry {
  record: RawRecord;
  /** The raw vendor text (`message`/`event.original` for JSON entries), or undefined for structured-only input. */
  text?: string;
  /** 0-based position in the fixture. */
  index: number;
}

export interface LoadedFixture {
  /** `<pkg>/<ds>` */
  fixture: string;
  /** Path of the raw file, relative to the corpus folder. */
  file: string;
  entries: RawEntry[];
  /** Where the entries came from: the raw file, or the expected documents' `event.original`. */
  rawSource: 'file' | 'expected-original';
  expected: EcsDocument[] | null;
  /** Expected documents whose raw text could not be recovered (raw file absent, no `event.original`). */
  unreplayable: number;
  config: FixtureConfig;
  /** Connector options derived from the config (`timezone`, `_conf.*`, `tz_map`). */
  options: ConnectorOptions;
  /** The config's fixed `@timestamp` (the pipeline's "now"), when it sets one. */
  fixedNow?: Date;
  /** Fields to leave out of the comparison for this fixture (dynamic fields, fixed `event.created`). */
  ignoredFields: Set<string>;
  notes: string[];
  /** Load problems (unreadable file, bad config) — reported, never thrown. */
  problems: string[];
}

export function loadManifest(dir = elasticCorpusDir()): ManifestEntry[] {
  const text = readFileSync(join(dir, 'MANIFEST.json'), 'utf8');
  const data = JSON.parse(text) as ManifestEntry[] | { entries: ManifestEntry[] };
  return Array.isArray(data) ? data : data.entries;
}

/** Some stored configs write `@timestamp:` unquoted, which YAML reserves; quote such keys before parsing. */
function readYaml(path: string): unknown {
  const text = readFileSync(path, 'utf8').replace(/^(\s*)(@[\w.]+):/gm, '$1"$2":');
  return parseYaml(text);
}

export function loadConfig(dir: string, files: string[], problems: string[]): FixtureConfig {
  const config: FixtureConfig = { fields: {}, dynamicFields: [] };
  // The common config comes first so that a test's own config overrides it.
  const ordered = [...files].sort(
    (a, b) => Number(!a.endsWith('common-config.yml')) - Number(!b.endsWith('common-config.yml')),
  );
  for (const file of ordered) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      problems.push(`config ${file} is missing`);
      continue;
    }
    let doc: Record<string, unknown>;
    try {
      doc = (readYaml(path) ?? {}) as Record<string, unknown>;
    } catch (err) {
      problems.push(`config ${file}: ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    if (doc.fields && typeof doc.fields === 'object') Object.assign(config.fields, toFlat(doc.fields));
    if (doc.dynamic_fields && typeof doc.dynamic_fields === 'object') {
      config.dynamicFields.push(...Object.keys(doc.dynamic_fields as object));
    }
    const ml = doc.multiline as { first_line_pattern?: string } | undefined;
    if (ml?.first_line_pattern) {
      try {
        config.multiline = { firstLinePattern: new RegExp(ml.first_line_pattern) };
      } catch (err) {
        problems.push(`config ${file}: bad multiline pattern: ${(err as Error).message}`);
      }
    }
  }
  return config;
}

/**
 * Connector options from the config fields: a `tz_offset` (under `_conf`, `_tmp` or `_temp`) or
 * `event.timezone` becomes `timezone`; every `_conf.*` key is passed through as an option
 * (`_conf.tz_map` as `tz_map`, a list of `{tz_short, tz_long}`).
 */
export function optionsFromConfig(config: FixtureConfig): ConnectorOptions {
  const options: ConnectorOptions = {};
  const f = config.fields;
  for (const [key, value] of Object.entries(f)) {
    if (key.startsWith('_conf.')) options[key.slice('_conf.'.length)] = value;
  }
  const tz = Object.entries(f).find(([k]) => /(^|\.)tz_offset$/.test(k))?.[1] ?? f['event.timezone'];
  if (typeof tz === 'string' && tz) options.timezone = tz;
  return options;
}

/** Physical lines of a text file, joined into events by the multiline pattern when there is one. */
export function splitLogEntries(text: string, multiline?: { firstLinePattern: RegExp }): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (!multiline) return lines.filter((l) => l.trim() !== '');
  const out: string[] = [];
  for (const line of lines) {
    if (multiline.firstLinePattern.test(line) || out.length === 0) out.push(line);
    else out[out.length - 1] += '\n' + line;
  }
  return out.filter((l) => l.trim() !== '');
}

/** The raw text of one `events[]` element: its `message`, else its `event.original`. */
export function entryText(record: RawRecord): string | undefined {
  if (typeof record === 'string') return record;
  const message = getField(record, 'message');
  if (typeof message === 'string') return message;
  const original = getField(record, 'event.original');
  return typeof original === 'string' ? original : undefined;
}

export function expectedText(doc: EcsDocument): { original?: string; message?: string } {
  const original = getField(doc, 'event.original');
  const message = getField(doc, 'message');
  return {
    original: typeof original === 'string' ? original : undefined,
    message: typeof message === 'string' ? message : undefined,
  };
}

/** Loads every manifest entry of one `<pkg>/<ds>` fixture. */
export function loadFixture(
  fixture: string,
  dir = elasticCorpusDir(),
  manifest = loadManifest(dir),
): LoadedFixture[] {
  return manifest.filter((e) => `${e.pkg}/${e.ds}` === fixture).map((e) => loadEntry(e, dir));
}

function loadEntry(entry: ManifestEntry, dir: string): LoadedFixture {
  const problems: string[] = [];
  const config = loadConfig(dir, entry.config ?? [], problems);
  let expected: EcsDocument[] | null = null;
  if (entry.expected) {
    try {
      const data = JSON.parse(readFileSync(join(dir, entry.expected), 'utf8')) as {
        expected?: EcsDocument[];
      };
      expected = data.expected ?? [];
    } catch (err) {
      problems.push(`expected ${entry.expected}: ${(err as Error).message}`);
    }
  }
  const rawPath = join(dir, entry.raw);
  let entries: RawEntry[] = [];
  let rawSource: LoadedFixture['rawSource'] = 'file';
  let unreplayable = 0;
  if (existsSync(rawPath)) {
    try {
      entries = readRawFile(rawPath, config, expected);
    } catch (err) {
      problems.push(`raw ${entry.raw}: ${(err as Error).message}`);
    }
  } else if (expected) {
    rawSource = 'expected-original';
    for (const doc of expected) {
      const { original } = expectedText(doc);
      if (original === undefined) unreplayable++;
      else entries.push({ record: original, text: original, index: entries.length });
    }
  } else {
    problems.push(`raw ${entry.raw} is missing and there is no expected file to recover it from`);
  }
  const fixedTs = config.fields['@timestamp'];
  const fixedNow =
    typeof fixedTs === 'string' && !Number.isNaN(Date.parse(fixedTs)) ? new Date(fixedTs) : undefined;
  const ignoredFields = new Set(config.dynamicFields);
  if (fixedNow) ignoredFields.add('event.created');
  return {
    fixture: `${entry.pkg}/${entry.ds}`,
    file: entry.raw,
    entries,
    rawSource,
    expected,
    unreplayable,
    config,
    options: optionsFromConfig(config),
    fixedNow,
    ignoredFields,
    notes: (entry.notes ?? []).filter((n, i, all) => all.indexOf(n) === i),
    problems,
  };
}

function readRawFile(path: string, config: FixtureConfig, expected: EcsDocument[] | null): RawEntry[] {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.json')) {
    const data = JSON.parse(text) as { events?: RawRecord[] };
    return (data.events ?? []).map((record, index) => ({ record, text: entryText(record), index }));
  }
  let lines = splitLogEntries(text, config.multiline);
  if (expected) {
    // The corpus notes two departures from the line rule: a multiline config stored at another commit than its
    // expected file (one event per line fits the expected count), and blank lines that became documents.
    const plain = splitLogEntries(text);
    const physical = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
    if (lines.length !== expected.length && plain.length === expected.length) lines = plain;
    else if (lines.length !== expected.length && physical.length === expected.length) lines = physical;
  }
  return lines.map((line, index) => ({ record: line, text: line, index }));
}
