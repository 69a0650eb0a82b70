import type { EcsDocument } from '../connector.js';

/** Sets a dotted path (`source.ip`) in a nested document; `undefined`, `null` and `''` are not written. */
export function setField(doc: EcsDocument, path: string, value: unknown): void {
  if (value === undefined || value === null || value === '') return;
  const parts = path.split('.');
  let node = doc as Record<string, unknown>;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i];
    let next = node[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      next = {};
      node[key] = next;
    }
    node = next as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

/** Reads a dotted path from a nested document; also accepts literal dotted keys (`{"a.b": 1}`). */
export function getField(doc: unknown, path: string): unknown {
  if (doc === null || typeof doc !== 'object') return undefined;
  const obj = doc as Record<string, unknown>;
  if (path in obj) return obj[path];
  for (let dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
    const head = path.slice(0, dot);
    if (head in obj) {
      const found = getField(obj[head], path.slice(dot + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Builds a nested document from a flat map of dotted keys. */
export function fromFlat(flat: Record<string, unknown>): EcsDocument {
  const doc: EcsDocument = {};
  for (const [k, v] of Object.entries(flat)) setField(doc, k, v);
  return doc;
}

/** Flattens a nested document to dotted keys (arrays are kept as values). */
export function toFlat(doc: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    if (prefix) out[prefix] = doc;
    return out;
  }
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) toFlat(v, key, out);
    else out[key] = v;
  }
  return out;
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
