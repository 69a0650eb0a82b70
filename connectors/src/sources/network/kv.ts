/**
 * `key=value key="quoted value"` pairs as FortiGate, SonicWall and similar firewalls write them.
 * Quoted values may contain spaces and backslash-escaped quotes; unquoted values end at the next space.
 * Keys are kept as written; the first occurrence of a key wins.
 */
export function parseKv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === ',')) i++;
    const keyStart = i;
    while (i < n && text[i] !== '=' && text[i] !== ' ') i++;
    if (i >= n || text[i] !== '=') {
      // A token without '=': skip it.
      while (i < n && text[i] !== ' ') i++;
      continue;
    }
    const key = text.slice(keyStart, i);
    i++;
    let value: string;
    if (text[i] === '"') {
      i++;
      let v = '';
      while (i < n && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < n) {
          v += text[i + 1] === '"' ? '"' : text[i] + text[i + 1];
          i += 2;
          continue;
        }
        v += text[i++];
      }
      i++;
      value = v;
    } else {
      const start = i;
      while (i < n && text[i] !== ' ' && text[i] !== '\t') i++;
      value = text.slice(start, i);
    }
    if (key && !(key in out)) out[key] = value;
  }
  return out;
}

/** `Key: value, Key: value` pairs (Cisco FTD 430001-430005 events). Values run to the next `, Key:`. */
export function parseColonPairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /(?:^|,\s*)([A-Za-z][A-Za-z0-9_ ]{0,40}?):\s?/g;
  const marks: { key: string; start: number; end: number }[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) marks.push({ key: m[1].trim(), start: m.index, end: m.index + m[0].length });
  for (let k = 0; k < marks.length; k++) {
    const value = text.slice(marks[k].end, k + 1 < marks.length ? marks[k + 1].start : text.length).trim();
    if (!(marks[k].key in out)) out[marks[k].key] = value;
  }
  return out;
}
