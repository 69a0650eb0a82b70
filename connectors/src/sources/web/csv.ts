/** One CSV record (RFC 4180 quoting, `""` escapes); returns undefined for an unterminated quote. */
export function parseCsvLine(line: string, sep = ','): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    if (line[i] === '"') {
      let val = '';
      i++;
      for (;;) {
        if (i >= n) return undefined;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            val += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        val += line[i++];
      }
      out.push(val);
      while (i < n && line[i] !== sep) i++;
    } else {
      const j = line.indexOf(sep, i);
      out.push((j < 0 ? line.slice(i) : line.slice(i, j)).trim());
      i = j < 0 ? n : j;
    }
    if (i >= n) return out;
    i++; // separator
    if (i >= n) {
      out.push('');
      return out;
    }
  }
}
