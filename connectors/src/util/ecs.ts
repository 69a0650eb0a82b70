import type { EcsDocument } from '../connector.js';
import { MAX_JSON_DEPTH } from './json-depth.js';

/** Deepest nesting the helpers below walk or build (recursion on hostile input must not overflow the stack). */
const MAX_DEPTH = MAX_JSON_DEPTH;

/**
 * Split paths, cached: connectors set the same few hundred literal paths millions of times, and `split` was the
 * top cost of the hot path. Paths built from data (`kv.<key>`) could be unbounded, so the cache stops growing.
 */
const PATH_PARTS = new Map<string, readonly string[]>();
const PATH_CACHE_MAX = 20_000;

function pathParts(path: string): readonly string[] {
  let parts = PATH_PARTS.get(path);
  if (parts === undefined) {
    const split = path.split('.');
    // A path deeper than the bound keeps its tail as one literal key.
    parts =
      split.length > MAX_DEPTH
        ? [...split.slice(0, MAX_DEPTH - 1), split.slice(MAX_DEPTH - 1).join('.')]
        : split;
    if (PATH_PARTS.size < PATH_CACHE_MAX) PATH_PARTS.set(path, parts);
  }
  return parts;
}

/** Sets a dotted path (`source.ip`) in a nested document; `undefined`, `null` and `''` are not written. */
export function setField(doc: EcsDocument, path: string, value: unknown): void {
  if (value === undefined || value === null || value === '') return;
  const parts = pathParts(path);
  let node = doc as Record<string, unknown>;
  const last = parts.length - 1;
  for (let i = 0; i < last; i++) {
    const key = parts[i];
    let next = node[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      next = {};
      node[key] = next;
    }
    node = next as Record<string, unknown>;
  }
  node[parts[last]] = value;
}

/** Reads a dotted path from a nested document; also accepts literal dotted keys (`{"a.b": 1}`). */
export function getField(doc: unknown, path: string): unknown {
  return getFieldAt(doc, path, 0);
}

/** Every way to cut a dotted path in two (`a.b.c` → `a`+`b.c`, `a.b`+`c`), cached for the paths read often. */
interface PathCuts {
  heads: string[];
  rests: string[];
}
const PATH_CUTS = new Map<string, PathCuts>();
const CUTS_MAX_PARTS = 16;

function pathCuts(path: string): PathCuts | undefined {
  let cuts = PATH_CUTS.get(path);
  if (cuts === undefined) {
    const parts = path.split('.');
    if (parts.length > CUTS_MAX_PARTS || PATH_CUTS.size >= PATH_CACHE_MAX) return undefined;
    cuts = { heads: [], rests: [] };
    // A leading dot ends the search at once (the scan below stops at `indexOf('.') === 0`).
    for (let i = 1; i < parts.length && parts[0] !== ''; i++) {
      const head = parts.slice(0, i).join('.');
      cuts.heads.push(head);
      cuts.rests.push(parts.slice(i).join('.'));
    }
    PATH_CUTS.set(path, cuts);
  }
  return cuts;
}

function getFieldAt(doc: unknown, path: string, depth: number): unknown {
  if (doc === null || typeof doc !== 'object') return undefined;
  const obj = doc as Record<string, unknown>;
  if (path in obj) return obj[path];
  if (depth >= MAX_DEPTH) return undefined;
  const cuts = pathCuts(path);
  if (cuts) {
    // Same order as below, without cutting strings on every read.
    for (let i = 0; i < cuts.heads.length; i++) {
      if (cuts.heads[i] in obj) {
        const found = getFieldAt(obj[cuts.heads[i]], cuts.rests[i], depth + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }
  for (let dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
    const head = path.slice(0, dot);
    if (head in obj) {
      const found = getFieldAt(obj[head], path.slice(dot + 1), depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Builds a nested document from a flat map of dotted keys. */
export function fromFlat(flat: Record<string, unknown>): EcsDocument {
  const doc: EcsDocument = {};
  for (const k in flat) if (Object.prototype.hasOwnProperty.call(flat, k)) setField(doc, k, flat[k]);
  return doc;
}

/**
 * Flattens a nested document to dotted keys (arrays are kept as values). Objects nested deeper than the bound
 * are kept whole as the value of their dotted key.
 */
export function toFlat(
  doc: unknown,
  prefix = '',
  out: Record<string, unknown> = {},
): Record<string, unknown> {
  flattenInto(doc, prefix, out, 0);
  return out;
}

function flattenInto(doc: unknown, prefix: string, out: Record<string, unknown>, depth: number): void {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    if (prefix) out[prefix] = doc;
    return;
  }
  for (const k in doc as Record<string, unknown>) {
    if (!Object.prototype.hasOwnProperty.call(doc, k)) continue;
    const v = (doc as Record<string, unknown>)[k];
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth + 1 < MAX_DEPTH)
      flattenInto(v, key, out, depth + 1);
    else out[key] = v;
  }
}

/** Appends to an array field, creating it, and keeps values unique (for `related.*`, `event.category`…). */
export function appendUnique(doc: EcsDocument, path: string, ...values: unknown[]): void {
  const existing = getField(doc, path);
  const arr: unknown[] = Array.isArray(existing) ? existing : existing === undefined ? [] : [existing];
  for (const v of values) if (v !== undefined && v !== null && v !== '' && !arr.includes(v)) arr.push(v);
  if (arr.length) setField(doc, path, arr);
}

/** Integer from a string or number, or undefined when not a finite integer. */
export function toInt(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value.trim())) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}
