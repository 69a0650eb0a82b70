/** Reads ECS fields of a stored event by dotted path (nested objects or literal dotted keys; arrays give every value). */
export function fieldValues(doc: unknown, path: string): string[] {
  const out: string[] = [];
  collect(doc, path.split('.'), 0, out);
  return out;
}

function collect(node: unknown, parts: string[], i: number, out: string[]): void {
  if (node === undefined || node === null) return;
  if (Array.isArray(node)) {
    for (const n of node) collect(n, parts, i, out);
    return;
  }
  if (i === parts.length) {
    if (typeof node === 'object') return;
    out.push(String(node));
    return;
  }
  if (typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  // nested path first, then a literal dotted key covering several parts
  for (let j = parts.length; j > i; j--) {
    const key = parts.slice(i, j).join('.');
    if (key in obj) collect(obj[key], parts, j, out);
  }
}

export function firstValue(doc: unknown, ...paths: string[]): string | undefined {
  for (const p of paths) {
    const v = fieldValues(doc, p);
    if (v.length) return v[0];
  }
  return undefined;
}
