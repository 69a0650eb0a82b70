/**
 * One CSV record (RFC 4180 quoting: `"a, b"`, `""` for a quote inside quotes). A quote opens a quoted section
 * only at the start of a field; text after its closing quote is kept. `trim` trims unquoted fields. An
 * unterminated quote is reported in `error` while `fields` still holds the lenient reading (the quoted field
 * running to the end of the line), so callers choose to reject or to go on. Never throws.
 */
export interface CsvOptions {
  /** Field separator, one character (default `,`). */
  separator?: string;
  /** Trim white space around unquoted fields. */
  trim?: boolean;
}

export interface CsvResult {
  fields: string[];
  /** Set when the line ends inside a quoted field. */
  error?: string;
}

const BLANK = /^\s*$/;

/** White space only (as `trim()` sees it); a printable ASCII first character answers without the regex. */
function isBlank(chunk: string): boolean {
  const c = chunk.charCodeAt(0);
  return c > 32 && c < 127 ? false : BLANK.test(chunk);
}

/**
 * Linear in the line length: runs between separators and quotes are copied as slices, and whether the field so
 * far is blank (may a quote still open it?) is tracked instead of re-trimming the field at each quote. No closures
 * in the loop: this is a hot path (PAN-OS lines have 100+ fields).
 */
export function parseCsvLine(line: string, opts: CsvOptions = {}): CsvResult {
  const sep = opts.separator ?? ',';
  const trim = opts.trim === true;
  const fields: string[] = [];
  const n = line.length;
  let cur = '';
  /** `cur` holds only white space (what `cur.trim() === ''` tested). */
  let blank = true;
  let quoted = false;
  let wasQuoted = false;
  let chunk: string;
  for (let i = 0; i < n; i++) {
    if (quoted) {
      const q = line.indexOf('"', i);
      chunk = q < 0 ? line.slice(i) : line.slice(i, q);
      if (chunk.length) {
        cur += chunk;
        if (blank) blank = isBlank(chunk);
      }
      if (q < 0) break;
      i = q;
      if (line.charCodeAt(i + 1) === 34) {
        cur += '"';
        blank = false;
        i++;
      } else quoted = false;
      continue;
    }
    const c = line[i];
    if (wasQuoted && trim && (c === ' ' || c === '\t')) {
      // White space after a closing quote is dropped when trimming.
    } else if (c === '"' && (trim ? blank : cur.length === 0)) {
      quoted = true;
      wasQuoted = true;
      cur = '';
      blank = true;
    } else if (c === sep) {
      fields.push(trim && !wasQuoted ? cur.trim() : cur);
      cur = '';
      blank = true;
      wasQuoted = false;
    } else {
      // A run up to the next separator or quote (or white space to drop after a closing quote), copied at once.
      const dropSpace = wasQuoted && trim;
      let j = i + 1;
      while (j < n) {
        const d = line[j];
        if (d === sep || d === '"' || (dropSpace && (d === ' ' || d === '\t'))) break;
        j++;
      }
      chunk = line.slice(i, j);
      cur = cur.length === 0 ? chunk : cur + chunk;
      if (blank) blank = isBlank(chunk);
      i = j - 1;
    }
  }
  fields.push(trim && !wasQuoted ? cur.trim() : cur);
  return quoted ? { fields, error: `unterminated quoted field ${fields.length}` } : { fields };
}
