/**
 * A fast reader for the YAML subset Sigma rules are written in (block mappings and sequences, plain/quoted
 * scalars, literal/folded block scalars, one-line flow collections, comments, `---` documents), with the YAML 1.2
 * core schema. Anything outside that subset (anchors, aliases, tags, multi-line quoted or flow scalars, tabs in
 * indentation, duplicate keys…) returns null, and the caller falls back to the full `yaml` parser, so the
 * result is always the one the `yaml` package would give.
 */

class Unsupported extends Error {}

interface Line {
  indent: number;
  text: string; // content after the indentation, trailing spaces kept
  blank: boolean; // empty or comment-only
}

const fail = (why: string): never => {
  throw new Unsupported(why);
};

function scalarOf(raw: string): unknown {
  const s = raw;
  if (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (s === 'true' || s === 'True' || s === 'TRUE') return true;
  if (s === 'false' || s === 'False' || s === 'FALSE') return false;
  if (/^[-+]?[0-9]+$/.test(s)) {
    const n = Number(s);
    return Number.isSafeInteger(n) ? n : fail('big integer');
  }
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s)) return Number(s);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(s)) return NaN;
  return s;
}

/** Reads a quoted scalar starting at text[0]; returns the value and the rest of the line after it. */
function readQuoted(text: string): { value: string; rest: string } {
  const q = text[0];
  let out = '';
  let i = 1;
  for (;;) {
    if (i >= text.length) fail('multi-line quoted scalar');
    const c = text[i];
    if (q === "'") {
      if (c === "'") {
        if (text[i + 1] === "'") {
          out += "'";
          i += 2;
          continue;
        }
        return { value: out, rest: text.slice(i + 1) };
      }
      out += c;
      i++;
    } else {
      if (c === '"') return { value: out, rest: text.slice(i + 1) };
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = {
          '\\': '\\',
          '"': '"',
          '/': '/',
          n: '\n',
          t: '\t',
          r: '\r',
          '0': '\0',
          ' ': ' ',
          a: '\x07',
          b: '\b',
          e: '\x1b',
          f: '\f',
          v: '\v',
          N: '\x85',
          _: '\xa0',
          L: '\u2028',
          P: '\u2029',
        };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'x' || e === 'u' || e === 'U') {
          const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
          const hex = text.slice(i + 2, i + 2 + len);
          if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) fail('bad escape');
          out += String.fromCodePoint(parseInt(hex, 16));
          i += 2 + len;
        } else fail('escape');
      } else {
        out += c;
        i++;
      }
    }
  }
}

/** Strips an end-of-line comment and checks that nothing else follows a complete value. */
function expectEnd(rest: string): void {
  const r = rest.trimStart();
  if (r !== '' && !r.startsWith('#')) fail('text after value');
  if (r.startsWith('#') && rest.length === r.length && rest.length > 0) fail('comment without space');
}

/** The plain scalar at the start of `text` (up to ` #`), trimmed. */
function plainOf(text: string): string {
  const m = /\s#/.exec(text);
  const v = (m ? text.slice(0, m.index) : text).trim();
  if (/^[&*!%@`|>]/.test(v)) fail('indicator');
  if (/:(\s|$)/.test(v)) fail('colon in plain scalar');
  if (/^[-?:](\s|$)/.test(v)) fail('indicator');
  if (v.startsWith('#')) return '';
  return v;
}

function splitFlow(inner: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let q: string | null = null;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (q) {
      cur += c;
      if (c === q) {
        if (q === "'" && inner[i + 1] === "'") {
          cur += inner[++i];
          continue;
        }
        q = null;
      } else if (c === '\\' && q === '"') cur += inner[++i] ?? '';
    } else if (c === "'" || c === '"') {
      q = c;
      cur += c;
    } else if (c === '[' || c === ']' || c === '{' || c === '}') fail('nested flow');
    else if (c === ',') {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  if (q) fail('unterminated flow quote');
  parts.push(cur);
  if (parts.length && parts[parts.length - 1].trim() === '') parts.pop();
  return parts;
}

function flowScalar(t: string): unknown {
  const s = t.trim();
  if (s === '') fail('empty flow item');
  if (s[0] === "'" || s[0] === '"') {
    const r = readQuoted(s);
    if (r.rest.trim() !== '') fail('flow junk');
    return r.value;
  }
  if (/^[&*!%@`|>#]/.test(s) || /:(\s|$)/.test(s)) fail('flow indicator');
  return scalarOf(s);
}

function readFlow(text: string): { value: unknown; rest: string } {
  const close = text[0] === '[' ? ']' : '}';
  // find the closing bracket outside quotes
  let q: string | null = null;
  let end = -1;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === q) {
        if (q === "'" && text[i + 1] === "'") i++;
        else q = null;
      } else if (c === '\\' && q === '"') i++;
    } else if (c === "'" || c === '"') q = c;
    else if (c === close) {
      end = i;
      break;
    }
  }
  if (end < 0) fail('multi-line flow');
  const inner = text.slice(1, end);
  const items = splitFlow(inner);
  if (close === ']') return { value: items.map(flowScalar), rest: text.slice(end + 1) };
  const obj: Record<string, unknown> = {};
  for (const it of items) {
    const m = /^\s*([^'":]+?|'[^']*'|"[^"]*")\s*:(?:\s+(.*))?$/.exec(it);
    if (!m) fail('flow map item');
    const k = m![1].startsWith("'") || m![1].startsWith('"') ? (flowScalar(m![1]) as string) : m![1];
    if (k in obj) fail('duplicate key');
    obj[k] = m![2] === undefined ? null : flowScalar(m![2]);
  }
  return { value: obj, rest: text.slice(end + 1) };
}

class Reader {
  i = 0;
  constructor(private readonly lines: Line[]) {}

  private skipBlank(): void {
    while (this.i < this.lines.length && this.lines[this.i].blank) this.i++;
  }

  private peek(): Line | undefined {
    this.skipBlank();
    return this.lines[this.i];
  }

  document(): unknown {
    const l = this.peek();
    if (!l) return null;
    if (l.indent !== 0) fail('indented root');
    const v = this.node(0);
    if (this.peek()) fail('trailing content');
    return v;
  }

  /** A node whose lines are indented at least `min`. */
  private node(min: number): unknown {
    const l = this.peek();
    if (!l || l.indent < min) return null;
    if (l.text === '-' || l.text.startsWith('- ')) return this.sequence(l.indent);
    if (this.keyOf(l.text)) return this.mapping(l.indent);
    // A scalar on its own line(s).
    return this.inlineValue(l.text, l.indent - 1, true);
  }

  private keyOf(text: string): { key: string; rest: string } | null {
    if (text[0] === "'" || text[0] === '"') {
      const r = readQuoted(text);
      const m = /^\s*:(\s|$)/.exec(r.rest);
      return m ? { key: r.value, rest: r.rest.slice(m[0].length - m[1].length) } : null;
    }
    if (/^[-?:,[\]{}#&*!|>%@`]/.test(text) && !/^-[^\s]/.test(text)) return null;
    const m = /:(\s|$)/.exec(text);
    if (!m) return null;
    const key = text.slice(0, m.index).trimEnd();
    if (key === '' || /\s#/.test(key)) return null;
    return { key, rest: text.slice(m.index + 1) };
  }

  private mapping(indent: number): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    for (;;) {
      const l = this.peek();
      if (!l || l.indent < indent) break;
      if (l.indent > indent) fail('bad indentation');
      const kv = this.keyOf(l.text);
      if (!kv) {
        if (l.text === '-' || l.text.startsWith('- ')) break;
        fail('expected key');
      }
      if (kv!.key in obj || kv!.key === '__proto__') fail('duplicate key');
      this.i++;
      const rest = kv!.rest.trim();
      let value: unknown;
      if (rest === '' || rest.startsWith('#')) {
        const n = this.peek();
        if (n && n.indent > indent) value = this.node(indent + 1);
        else if (n && n.indent === indent && (n.text === '-' || n.text.startsWith('- ')))
          value = this.sequence(indent);
        else value = null;
      } else value = this.inlineValue(kv!.rest.replace(/^\s+/, ''), indent, false);
      obj[kv!.key] = value;
    }
    return obj;
  }

  private sequence(indent: number): unknown[] {
    const arr: unknown[] = [];
    for (;;) {
      const l = this.peek();
      if (!l || l.indent < indent) break;
      if (l.indent > indent) fail('bad indentation');
      if (!(l.text === '-' || l.text.startsWith('- '))) break;
      const after = l.text.slice(1);
      const content = after.trimStart();
      if (content === '' || content.startsWith('#')) {
        this.i++;
        const n = this.peek();
        arr.push(n && n.indent > indent ? this.node(indent + 1) : null);
        continue;
      }
      // Re-read the item's content as a line of its own, at its column.
      const col = indent + 1 + (after.length - content.length);
      this.lines[this.i] = { indent: col, text: content, blank: false };
      arr.push(this.node(indent + 1));
    }
    return arr;
  }

  /** A value starting on the current line (already consumed when `consumed` is false, i.e. after a key). */
  private inlineValue(text: string, parentIndent: number, onOwnLine: boolean): unknown {
    if (onOwnLine) this.i++;
    const c = text[0];
    if (c === "'" || c === '"') {
      const r = readQuoted(text);
      expectEnd(r.rest);
      return r.value;
    }
    if (c === '[' || c === '{') {
      const r = readFlow(text);
      expectEnd(r.rest);
      return r.value;
    }
    if (c === '|' || c === '>') return this.blockScalar(text, parentIndent);
    // Plain scalar, possibly continued on more-indented lines (folded with spaces).
    let v = plainOf(text);
    let folded = false;
    for (;;) {
      const save = this.i;
      let blankLines = 0;
      while (this.i < this.lines.length && this.lines[this.i].blank) {
        if (this.lines[this.i].text.trimStart().startsWith('#')) {
          this.i = save;
          return folded ? v : scalarOf(v);
        }
        blankLines++;
        this.i++;
      }
      const n = this.lines[this.i];
      if (!n || n.indent <= parentIndent || this.keyOf(n.text) || n.text.startsWith('- ') || n.text === '-') {
        this.i = save;
        break;
      }
      if (/\s#/.test(n.text) || n.text.startsWith('#')) fail('comment in multi-line plain');
      const piece = plainOf(n.text);
      v += blankLines ? '\n'.repeat(blankLines) + piece : ' ' + piece;
      folded = true;
      this.i++;
    }
    return folded ? v : scalarOf(v);
  }

  private blockScalar(header: string, parentIndent: number): string {
    const m = /^([|>])([-+]?)\s*(#.*)?$/.exec(header.trimEnd());
    if (!m) fail('block scalar header');
    const literal = m![1] === '|';
    const chomp = m![2];
    // Raw lines: blank lines count, content lines must be indented deeper than the parent.
    const raw: string[] = [];
    let base = -1;
    while (this.i < this.lines.length) {
      const l = this.lines[this.i];
      if (l.text.trim() === '') {
        raw.push('');
        this.i++;
        continue;
      }
      if (l.indent <= parentIndent) break;
      if (base < 0) base = l.indent;
      if (l.indent < base) fail('block scalar dedent');
      raw.push(' '.repeat(l.indent - base) + l.text);
      this.i++;
    }
    // Trailing blank lines belong to the scalar only for chomping; give back none (they are blank anyway).
    let end = raw.length;
    while (end > 0 && raw[end - 1] === '') end--;
    const body = raw.slice(0, end);
    const trailing = raw.length - end;
    let text: string;
    if (literal) text = body.join('\n');
    else {
      if (body.some((b) => b.startsWith(' '))) fail('folded more-indented');
      text = '';
      for (let k = 0; k < body.length; k++) {
        const b = body[k];
        if (k === 0) text = b;
        else if (b === '') text += '\n';
        else text += body[k - 1] === '' ? b : ' ' + b;
      }
    }
    if (body.length === 0) return chomp === '+' ? '\n'.repeat(trailing) : '';
    if (chomp === '-') return text;
    if (chomp === '+') return text + '\n' + '\n'.repeat(trailing);
    return text + '\n';
  }
}

function toLines(doc: string[]): Line[] {
  return doc.map((raw) => {
    const t = raw.replace(/\s+$/, '');
    const m = /^( *)(.*)$/.exec(t)!;
    if (m[2].startsWith('\t') && m[2].trim() !== '') fail('tab indentation');
    const text = m[2];
    return { indent: m[1].length, text, blank: text === '' || text.startsWith('#') };
  });
}

/** Parses every document of a Sigma YAML file, or returns null when the file is outside the supported subset. */
export function parseSigmaYaml(source: string): unknown[] | null {
  try {
    if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
    if (/\t/.test(source.replace(/'[^'\n]*'|"[^"\n]*"/g, ''))) fail('tabs');
    const all = source.split(/\r?\n/);
    const docs: string[][] = [];
    let cur: string[] = [];
    let sawMarker = false;
    for (const line of all) {
      if (/^---\s*$/.test(line)) {
        if (cur.some((l) => l.trim() !== '' && !l.trimStart().startsWith('#')) || sawMarker) docs.push(cur);
        cur = [];
        sawMarker = true;
      } else if (/^\.\.\.\s*$/.test(line)) {
        docs.push(cur);
        cur = [];
      } else if (/^(---|\.\.\.)\s/.test(line) || line.startsWith('%')) fail('marker with content');
      else cur.push(line);
    }
    if (cur.some((l) => l.trim() !== '' && !l.trimStart().startsWith('#')) || docs.length === 0)
      docs.push(cur);
    const out: unknown[] = [];
    for (const d of docs) out.push(new Reader(toLines(d)).document());
    return out;
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}
