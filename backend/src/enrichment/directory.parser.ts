/**
 * Reads an asset inventory or identity directory from CSV (header row; `,` or `;` separated) or JSON (an array of
 * objects, `{"assets":[…]}` / `{"identities":[…]}` / `{"items":[…]}`, or NDJSON). Each bad row is a reject with its
 * line (CSV/NDJSON) or index (JSON array) and the reason; good rows go on. Never throws.
 */
import { parseCsvLine } from '@vigie/connectors';
import {
  assetSchema,
  FIELD_ALIASES,
  identitySchema,
  type AssetEntry,
  type DirectoryKind,
  type IdentityEntry,
} from './directory.model.js';

export type DirectoryFormat = 'csv' | 'json';

export interface DirectoryReject {
  /** 1-based line (CSV, NDJSON) or 0-based index (JSON array). */
  at: number;
  reason: string;
}

export interface ParsedDirectory<E> {
  entries: E[];
  rejects: DirectoryReject[];
  /** Set when the input as a whole could not be read (no header, bad JSON…). */
  error?: string;
}

/** Guesses the format from the first non-blank character: `[` or `{` is JSON, anything else CSV. */
export function sniffFormat(text: string): DirectoryFormat {
  const first = text.trimStart()[0];
  return first === '[' || first === '{' ? 'json' : 'csv';
}

function canonicalKey(kind: DirectoryKind, key: string): string {
  const k = key
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return FIELD_ALIASES[kind][k] ?? k;
}

function normalise(kind: DirectoryKind, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === '' || v === null || v === undefined) continue;
    out[canonicalKey(kind, k)] = v;
  }
  return out;
}

function validate<E>(
  kind: DirectoryKind,
  row: Record<string, unknown>,
): { ok: true; entry: E } | { ok: false; reason: string } {
  const schema = kind === 'assets' ? assetSchema : identitySchema;
  const res = schema.safeParse(normalise(kind, row));
  if (res.success) return { ok: true, entry: res.data as E };
  return {
    ok: false,
    reason: res.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; '),
  };
}

export function parseDirectory<K extends DirectoryKind>(
  kind: K,
  text: string,
  format: DirectoryFormat = sniffFormat(text),
): ParsedDirectory<K extends 'assets' ? AssetEntry : IdentityEntry> {
  type E = K extends 'assets' ? AssetEntry : IdentityEntry;
  const out: ParsedDirectory<E> = { entries: [], rejects: [] };
  const take = (row: unknown, at: number) => {
    if (!row || typeof row !== 'object' || Array.isArray(row)) {
      out.rejects.push({ at, reason: 'not an object' });
      return;
    }
    const r = validate<E>(kind, row as Record<string, unknown>);
    if (r.ok) out.entries.push(r.entry);
    else out.rejects.push({ at, reason: r.reason });
  };
  if (format === 'json') {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      // NDJSON: one object per line.
      const lines = text.split(/\r?\n/);
      if (lines.filter((l) => l.trim()).length < 2)
        return { ...out, error: `invalid JSON: ${(e as Error).message}` };
      lines.forEach((l, i) => {
        if (!l.trim()) return;
        try {
          take(JSON.parse(l), i + 1);
        } catch (err) {
          out.rejects.push({ at: i + 1, reason: `invalid JSON: ${(err as Error).message}` });
        }
      });
      return out;
    }
    const list = Array.isArray(doc)
      ? doc
      : doc && typeof doc === 'object'
        ? ((doc as Record<string, unknown>)[kind] ?? (doc as Record<string, unknown>).items)
        : undefined;
    if (!Array.isArray(list))
      return { ...out, error: `expected a JSON array of ${kind} or {"${kind}": [...]}` };
    list.forEach((row, i) => take(row, i));
    return out;
  }
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (headerAt < 0) return { ...out, error: 'empty CSV: a header row is required' };
  const headerLine = lines[headerAt].replace(/^\uFEFF/, '');
  const separator = (headerLine.match(/;/g)?.length ?? 0) > (headerLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const header = parseCsvLine(headerLine, { separator, trim: true }).fields;
  const required = kind === 'assets' ? 'host' : 'user';
  if (!header.some((h) => canonicalKey(kind, h) === required)) {
    return { ...out, error: `CSV header has no "${required}" column (got: ${header.join(', ')})` };
  }
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const { fields, error } = parseCsvLine(line, { separator, trim: true });
    if (error) {
      out.rejects.push({ at: i + 1, reason: `csv: ${error}` });
      continue;
    }
    if (fields.length > header.length) {
      out.rejects.push({ at: i + 1, reason: `csv: ${fields.length} fields for ${header.length} columns` });
      continue;
    }
    take(Object.fromEntries(header.map((h, j) => [h, fields[j] ?? ''])), i + 1);
  }
  return out;
}
