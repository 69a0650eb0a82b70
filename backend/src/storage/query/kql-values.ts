/** Helpers shared by the KQL compilers: escaped wildcards (`\*`, `\?`) stay literal characters. */

/** The literal text of a non-wildcard value (escapes removed). */
export function unescapeValue(value: string): string {
  return value.replace(/\\([*?])/g, '$1');
}

/** Splits a wildcard value into parts: literal strings and `*` / `?` wildcards. */
export function wildcardParts(value: string): (string | { wild: '*' | '?' })[] {
  const parts: (string | { wild: '*' | '?' })[] = [];
  let lit = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && (value[i + 1] === '*' || value[i + 1] === '?')) {
      lit += value[++i];
    } else if (c === '*' || c === '?') {
      if (lit) parts.push(lit);
      lit = '';
      parts.push({ wild: c });
    } else lit += c;
  }
  if (lit) parts.push(lit);
  return parts;
}
