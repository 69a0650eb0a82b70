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

export function parseCsvLine(line: string, opts: CsvOptions = {}): CsvResult {
  const sep = opts.separator ?? ',';
  const fields: string[] = [];
  let cur = '';
  let quoted = false;
  let wasQuoted = false;
  const push = () => {
    fields.push(opts.trim && !wasQuoted ? cur.trim() : cur);
    cur = '';
    wasQuoted = false;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c !== '"') cur += c;
      else if (line[i + 1] === '"') {
        cur += '"';
        i++;
      } else quoted = false;
    } else if (wasQuoted && opts.trim && (c === ' ' || c === '\t')) {
      // White space after a closing quote is dropped when trimming.
    } else if (c === '"' && (opts.trim ? cur.trim() : cur) === '') {
      quoted = true;
      wasQuoted = true;
      cur = '';
    } else if (c === sep) push();
    else cur += c;
  }
  push();
  return quoted ? { fields, error: `unterminated quoted field ${fields.length}` } : { fields };
}
