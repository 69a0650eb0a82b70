/**
 * Format-aware record splitting for whole files: given a file name and its bytes (in memory or streamed), yields
 * the records a connector parses — text lines (joined for multiline sources), NDJSON lines, JSON arrays and
 * `{"Records"|"records"|"events":[…]}` wrappers, concatenated or pretty-printed JSON objects, EVTX records —
 * looking inside .gz, .zip and .tar containers. Problems (bad gzip, corrupt EVTX chunk, over-long line, stray
 * text) are yielded as rejects with a reason; the generator never throws.
 */
import type { RawRecord } from '../connector.js';
import { readEvtxRecords } from '../evtx/evtx.reader.js';
import type { EvtxJson } from '../evtx/evtx.types.js';
import { collect, peek, pieces, type ByteSource } from './byte-source.js';
import { GzipError, gunzipPieces } from './gunzip.js';
import { recordsOfLine, scanJsonValues, type JsonItem } from './json-values.js';
import { joinMultilineAsync, multilinePatternFor } from './multiline.js';
import { readTar, isTar } from './tar.js';
import { textLines } from './text-lines.js';
import { isZip, readZip } from './zip.js';

export type FileFormat = 'lines' | 'ndjson' | 'json' | 'evtx';

export interface FileRecordOptions {
  /** Connector the records are meant for: enables its multiline joining (see `MULTILINE_SOURCES`). */
  source?: string;
  /** Explicit first-line pattern for multiline joining (`false` disables it even for a known source). */
  multiline?: RegExp | false;
  /** Longest record kept (default 1 MiB); longer ones are rejected. */
  maxRecordBytes?: number;
  /** Largest JSON document, ZIP or TAR archive read into memory (default 1 GiB). */
  maxDocumentBytes?: number;
}

export type FileItem =
  /** Announces the start of a file or archive member and the format its records are read as. */
  | { kind: 'format'; member: string; format: FileFormat }
  | { kind: 'record'; position: number; record: RawRecord; member: string; line?: number }
  | { kind: 'reject'; position: number; raw: string; reason: string; member: string; line?: number };

type Inner =
  | { kind: 'format'; member: string; format: FileFormat }
  | { kind: 'record'; record: RawRecord; member: string; line?: number }
  | { kind: 'reject'; raw: string; reason: string; member: string; line?: number };

const GZIP = (h: Uint8Array): boolean => h.length >= 2 && h[0] === 0x1f && h[1] === 0x8b;
const EVTX = (h: Uint8Array): boolean =>
  h.length >= 8 && Buffer.from(h.buffer, h.byteOffset, 8).toString('latin1') === 'ElfFile\0';
const MAX_DEPTH = 4;

/** Member names inside archives that are never logs (macOS resource forks, hidden files). */
function ignoredMember(name: string): boolean {
  return name.startsWith('__MACOSX/') || /(^|\/)\.[^/]*$/.test(name);
}

/** An EVTX value as plain JSON (bigint → number when exact, else its decimal string). */
export function plainJson(v: EvtxJson): unknown {
  if (typeof v === 'bigint')
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(v)
      : v.toString();
  if (Array.isArray(v)) return v.map(plainJson);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = plainJson(x);
    return out;
  }
  return v;
}

/**
 * Records of one file. `position` numbers every record and reject of the file from 0, archives included, so a
 * re-read of the same file yields the same positions.
 */
export async function* readFileRecords(
  name: string,
  source: ByteSource,
  options: FileRecordOptions = {},
): AsyncGenerator<FileItem> {
  let position = 0;
  for await (const item of guarded(
    walk(name, source, options, 0),
    (err) => `${name}: cannot read: ${err.message}`,
    name,
  )) {
    if (item.kind === 'format') yield item;
    else yield { ...item, position: position++ };
  }
}

async function* walk(
  name: string,
  source: ByteSource,
  options: FileRecordOptions,
  depth: number,
): AsyncGenerator<Inner> {
  const maxDoc = options.maxDocumentBytes ?? 1024 ** 3;
  const peeked = await peek(source, 64 * 1024); // a read error propagates to the enclosing `guarded`
  const { head } = peeked;
  const lower = name.toLowerCase();
  if (depth > MAX_DEPTH && (GZIP(head) || isZip(head) || isTar(head))) {
    yield {
      kind: 'reject',
      raw: '',
      reason: `${name}: archives nested deeper than ${MAX_DEPTH} levels`,
      member: name,
    };
    return;
  }
  if (GZIP(head)) {
    const inner = lower.endsWith('.tgz')
      ? name.slice(0, -4) + '.tar'
      : lower.endsWith('.gz')
        ? name.slice(0, -3)
        : name;
    // A truncated or corrupt .gz still yields what was inflated before the damage, then a reject with the reason.
    yield* guarded(
      walk(inner, gunzipPieces(peeked.source, name), options, depth + 1),
      (err) => `${name}: gzip: ${err.message}`,
      inner,
    );
    return;
  }
  if (isZip(head) || isTar(head)) {
    const zip = isZip(head);
    const got = await collectPartial(peeked.source, maxDoc);
    if (got.error) {
      // A TAR cut short (truncated .tar.gz) still gives its complete members and the head of the cut one.
      yield {
        kind: 'reject',
        raw: '',
        reason: /^\S+: gzip: /.test(got.error) ? got.error : `${name}: ${got.error}`,
        member: name,
      };
      if (zip || got.data.length === 0) return;
    }
    const buf = got.data;
    for (const m of zip ? readZip(buf) : readTar(buf)) {
      if (m.kind === 'issue')
        yield {
          kind: 'reject',
          raw: '',
          reason: `${name}: ${m.reason}`,
          member: m.name ? `${name}/${m.name}` : name,
        };
      if ((m.kind === 'member' || m.partial) && m.name && !ignoredMember(m.name))
        yield* walk(`${name}/${m.name}`, m.data!, options, depth + 1);
    }
    return;
  }
  if (EVTX(head) || lower.endsWith('.evtx')) {
    yield { kind: 'format', member: name, format: 'evtx' };
    for await (const item of readEvtxRecords(peeked.source)) {
      if (item.kind === 'record')
        yield {
          kind: 'record',
          record: plainJson(item.event) as Record<string, unknown>,
          member: name,
          line: Number(item.recordId),
        };
      else if (item.kind === 'issue')
        yield { kind: 'reject', raw: '', reason: `evtx offset ${item.offset}: ${item.reason}`, member: name };
    }
    return;
  }
  yield* guarded(
    text(name, peeked.source, head, options, maxDoc),
    (err) => `${name}: read error: ${err.message}`,
    name,
  );
}

/** The whole source, or what could be read of it with the error that stopped the read. */
async function collectPartial(
  source: ByteSource,
  maxBytes: number,
): Promise<{ data: Buffer; error?: string }> {
  const parts: Buffer[] = [];
  let len = 0;
  try {
    for await (const piece of pieces(source)) {
      len += piece.byteLength;
      if (len > maxBytes)
        return {
          data: Buffer.concat(parts),
          error: `content exceeds the ${maxBytes}-byte limit for archives`,
        };
      parts.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
    }
  } catch (err) {
    return {
      data: Buffer.concat(parts),
      error: err instanceof GzipError ? err.message : `read stopped: ${(err as Error).message}`,
    };
  }
  return { data: Buffer.concat(parts) };
}

/** Runs a generator, turning a thrown stream error (bad gzip data, I/O error) into a final reject. */
async function* guarded(
  gen: AsyncGenerator<Inner>,
  reason: (err: Error) => string,
  member: string,
): AsyncGenerator<Inner> {
  try {
    yield* gen;
  } catch (err) {
    yield {
      kind: 'reject',
      raw: '',
      reason: err instanceof GzipError ? err.message : reason(err as Error),
      member,
    };
  }
}

function firstLine(head: Buffer): string {
  let s = head.toString('utf8');
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  s = s.replace(/^\s+/, '');
  const nl = s.indexOf('\n');
  return (nl < 0 ? s : s.slice(0, nl)).replace(/\r$/, '');
}

function isCompleteJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Which text layout a file has, from its first non-blank line. */
export function sniffTextFormat(first: string, headIsWholeFile: boolean): FileFormat {
  const t = first.trim();
  if (t.startsWith('{')) return isCompleteJson(t) ? 'ndjson' : 'json';
  // `[` opens a JSON array only when followed by a JSON value — apache error lines open with `[Tue Jan …`.
  if (t.startsWith('[') && (/^\[\s*($|[{["\]])/.test(t) || (headIsWholeFile && isCompleteJson(t))))
    return 'json';
  return 'lines';
}

async function* text(
  name: string,
  source: ByteSource,
  head: Buffer,
  options: FileRecordOptions,
  maxDoc: number,
): AsyncGenerator<Inner> {
  const maxRecord = options.maxRecordBytes ?? 1024 * 1024;
  const format = sniffTextFormat(
    firstLine(head),
    source instanceof Uint8Array && source.byteLength <= head.length,
  );
  yield { kind: 'format', member: name, format };
  const fromJson = (j: JsonItem): Inner =>
    j.kind === 'record'
      ? { kind: 'record', record: j.record, member: name, line: j.line }
      : { kind: 'reject', raw: j.raw, reason: j.reason, member: name, line: j.line };

  if (format === 'json') {
    const buf = await collect(source, maxDoc);
    if ('error' in buf) {
      yield { kind: 'reject', raw: '', reason: `${name}: ${buf.error}`, member: name };
      return;
    }
    for (const j of scanJsonValues(buf.toString('utf8').replace(/^\uFEFF/, ''))) yield fromJson(j);
    return;
  }
  let lines: AsyncIterable<{ text: string; line: number; tooLong?: number }> = textLines(source, maxRecord);
  const pattern =
    options.multiline === false
      ? undefined
      : (options.multiline ?? (format === 'lines' ? multilinePatternFor(options.source) : undefined));
  if (pattern) lines = joinMultilineAsync(lines, pattern, maxRecord);
  for await (const l of lines) {
    if (l.tooLong !== undefined) {
      yield {
        kind: 'reject',
        raw: l.text,
        reason: `record longer than ${maxRecord} characters (${l.tooLong})`,
        member: name,
        line: l.line,
      };
      continue;
    }
    if (l.text.trim() === '') continue;
    if (format === 'ndjson') for (const j of recordsOfLine(l.text, l.line)) yield fromJson(j);
    else yield { kind: 'record', record: l.text, member: name, line: l.line };
  }
}
