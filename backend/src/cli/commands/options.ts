/** `key=value` pairs from repeated `--option` flags. */
export function parseOptions(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new Error(`--option expects key=value, got "${p}"`);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

/** Commander collector for a repeatable `--option key=value` flag (not variadic, so it never swallows files). */
export const collectOption = (value: string, previous: string[]): string[] => [...previous, value];
