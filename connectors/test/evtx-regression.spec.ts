/**
 * Regression: every record of every SigmaHQ regression .evtx must equal its `.json` twin
 * (written by `evtx_dump -o json`: concatenated pretty-printed objects). Deep equality, key order
 * irrelevant. Files are read through the streaming file helper (64 KiB pieces).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readEvtxFile, stringifyEvtxJson, type EvtxIssue } from '../src/evtx/index.js';

const corpus = fileURLToPath(new URL('../../../shared/corpora/sigmahq/regression_data', import.meta.url));
const present = existsSync(corpus);
if (!present) console.warn(`evtx regression: corpus not found at ${corpus}, suite skipped`);

function evtxFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) evtxFiles(p, out);
    else if (name.endsWith('.evtx')) out.push(p);
  }
  return out;
}

/** Split concatenated JSON objects (`{…}\n{…}`) respecting strings. */
function splitObjects(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
  }
  return out;
}

interface Difference {
  path: string;
  got: unknown;
  twin: unknown;
}

function differences(got: unknown, twin: unknown, path = '', out: Difference[] = []): Difference[] {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(got) && isObj(twin)) {
    for (const k of new Set([...Object.keys(got), ...Object.keys(twin)]))
      differences(got[k], twin[k], `${path}/${k}`, out);
  } else if (!isDeepStrictEqual(got, twin)) out.push({ path, got, twin });
  return out;
}

/**
 * Twins that contradict their own .evtx bytes (edited by hand or exported by another tool).
 * The test asserts that these exact differences — and nothing else — remain, and checks the
 * .evtx bytes to show which side is right.
 */
const KNOWN_TWIN_DEFECTS: Record<
  string,
  { differences: Difference[]; evidence: { present: string; absent: string } }
> = {
  'rules/windows/process_creation/proc_creation_win_susp_right_to_left_override/ad691d92-15f2-4181-9aa4-723c74f9ddc3.evtx':
    {
      differences: [
        // The record bytes hold "Explorer.EXE"; the twin was edited to ".exe".
        {
          path: '/Event/EventData/ParentCommandLine',
          got: 'C:\\Windows\\Explorer.EXE',
          twin: 'C:\\Windows\\Explorer.exe',
        },
        // Every other twin prints FILETIMEs truncated to microseconds (evtx_dump's format, even when
        // the 100 ns digit is non-zero); this one has nanoseconds from another exporter.
        {
          path: '/Event/System/TimeCreated/#attributes/SystemTime',
          got: '2026-03-20T08:31:26.751156Z',
          twin: '2026-03-20T08:31:26.751156500Z',
        },
      ],
      evidence: { present: 'C:\\Windows\\Explorer.EXE', absent: 'C:\\Windows\\Explorer.exe' },
    },
};

const files = present ? evtxFiles(corpus) : [];

describe.skipIf(!present)('EVTX regression corpus (evtx_dump -o json twins)', () => {
  it('finds the corpus cases', () => {
    expect(files.length).toBeGreaterThanOrEqual(200);
  });

  it.each(files.map((f) => [relative(corpus, f), f]))('%s', async (rel, file) => {
    const twins = splitObjects(readFileSync(file.replace(/\.evtx$/, '.json'), 'utf8'));
    const records: unknown[] = [];
    const issues: EvtxIssue[] = [];
    let header = false;
    for await (const item of readEvtxFile(file)) {
      if (item.kind === 'record') records.push(JSON.parse(stringifyEvtxJson(item.event)));
      else if (item.kind === 'issue') issues.push(item);
      else header = true;
    }
    expect(header).toBe(true);
    expect(issues).toEqual([]);
    expect(records.length).toBe(twins.length);
    const diffs = records.flatMap((r, i) =>
      differences(r, twins[i], `#${i}`).map((d) => ({ ...d, path: d.path.slice(2) })),
    );
    const known = KNOWN_TWIN_DEFECTS[rel];
    if (known === undefined) {
      expect(diffs).toEqual([]);
      return;
    }
    const byPath = (a: Difference, b: Difference): number => a.path.localeCompare(b.path);
    expect(diffs.sort(byPath)).toEqual([...known.differences].sort(byPath));
    const bytes = readFileSync(file);
    expect(bytes.includes(Buffer.from(known.evidence.present, 'utf16le'))).toBe(true);
    expect(bytes.includes(Buffer.from(known.evidence.absent, 'utf16le'))).toBe(false);
  });
});
