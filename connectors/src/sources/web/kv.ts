/**
 * `key=value` pairs separated by spaces or tabs; values may be double-quoted, and unquoted values may contain spaces
 * up to the next ` key=` (as many appliances write them). Returns undefined when no pair is found.
 */
export function parseKv(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const re = /(?:^|[\s,;])([A-Za-z_][\w.-]*)=("((?:[^"\\]|\\.)*)"|(.*?))(?=[\s,;]+[A-Za-z_][\w.-]*=|\s*$)/g;
  let found = false;
  for (const m of text.matchAll(re)) {
    found = true;
    out[m[1]] = m[3] !== undefined ? m[3].replace(/\\"/g, '"') : (m[4] ?? '').trim();
  }
  return found ? out : undefined;
}
