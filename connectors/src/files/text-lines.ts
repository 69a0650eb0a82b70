/**
 * Streaming line splitter: UTF-8 pieces in, physical lines out (LF or CRLF, a leading BOM dropped), with their
 * 1-based line numbers. A line longer than `maxChars` is cut and reported as `tooLong` instead of being
 * buffered without bound.
 */
import type { ByteSource } from './byte-source.js';
import { pieces } from './byte-source.js';

export interface TextLine {
  text: string;
  line: number;
  /** Set when the line was longer than the limit: `text` holds its head only. */
  tooLong?: number;
}

export async function* textLines(source: ByteSource, maxChars = 1024 * 1024): AsyncGenerator<TextLine> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let carryDropped = 0; // chars dropped from an over-long line
  let line = 0;
  let first = true;
  const emit = (text: string): TextLine => {
    line++;
    const t = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (carryDropped > 0 || t.length > maxChars) {
      const out = { text: t.slice(0, 1024), line, tooLong: carryDropped + t.length };
      carryDropped = 0;
      return out;
    }
    return { text: t, line };
  };
  for await (const piece of pieces(source)) {
    let s = decoder.decode(piece, { stream: true });
    if (first && s.length > 0) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
    }
    let start = 0;
    let nl = s.indexOf('\n');
    while (nl >= 0) {
      const text = carry + s.slice(start, nl);
      carry = '';
      yield emit(text);
      start = nl + 1;
      nl = s.indexOf('\n', start);
    }
    carry += s.slice(start);
    if (carry.length > maxChars) {
      // Keep a head for the reject message; count the rest.
      carryDropped += carry.length - 1024;
      carry = carry.slice(0, 1024);
    }
  }
  const tail = carry + decoder.decode();
  if (tail !== '' || carryDropped > 0) yield emit(tail);
}
