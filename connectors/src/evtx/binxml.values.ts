/**
 * BinXML value types: decoding from chunk bytes and their evtx_dump text/JSON rendering.
 * Numbers (int8..uint64) and booleans keep a JSON form; every value also has its text form
 * (hex for HexInt32/64 and size_t, uppercase hex for binary, `S-1-…` SIDs, canonical GUIDs,
 * `YYYY-MM-DDTHH:MM:SS.ffffffZ` for FILETIME/SYSTEMTIME, comma-joined arrays).
 */
import { EvtxFormatError } from './evtx.errors.js';

export const VT_NULL = 0x00;
export const VT_STRING = 0x01;
export const VT_ANSI = 0x02;
export const VT_INT8 = 0x03;
export const VT_UINT8 = 0x04;
export const VT_INT16 = 0x05;
export const VT_UINT16 = 0x06;
export const VT_INT32 = 0x07;
export const VT_UINT32 = 0x08;
export const VT_INT64 = 0x09;
export const VT_UINT64 = 0x0a;
export const VT_REAL32 = 0x0b;
export const VT_REAL64 = 0x0c;
export const VT_BOOL = 0x0d;
export const VT_BINARY = 0x0e;
export const VT_GUID = 0x0f;
export const VT_SIZET = 0x10;
export const VT_FILETIME = 0x11;
export const VT_SYSTIME = 0x12;
export const VT_SID = 0x13;
export const VT_HEXINT32 = 0x14;
export const VT_HEXINT64 = 0x15;
export const VT_EVTHANDLE = 0x20;
export const VT_BINXML = 0x21;
export const VT_EVTXML = 0x23;
export const VT_ARRAY = 0x80;

/** Node kind tag of a decoded value (K_VALUE of binxml.ir.ts). */
const K_VALUE = 2;

/** A decoded value. `json` is set for types evtx_dump prints as JSON numbers/booleans. */
export interface Val {
  k: 2;
  t: number;
  text: string;
  json: number | bigint | boolean | undefined;
  /** Empty per evtx's `is_optional_empty` (null, empty string/binary/binxml/array). */
  empty: boolean;
  /** Array items, for array types (expanded by repeating the containing element). */
  items?: Val[];
  /** Nested BinXML fragment (type 0x21): chunk-relative byte range. */
  xmlStart?: number;
  xmlEnd?: number;
}

function val(t: number, text: string, json: number | bigint | boolean | undefined, empty = false): Val {
  return { k: K_VALUE, t, text, json, empty };
}

export const NULL_VALUE: Val = val(VT_NULL, '', undefined, true);

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

function int64Json(v: bigint): number | bigint {
  return v <= MAX_SAFE && v >= MIN_SAFE ? Number(v) : v;
}

/** Windows-1252 code points for bytes 0x80..0x9F (evtx's default ANSI codec). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

export function decodeAnsi(buf: Buffer, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) {
    const b = buf[i];
    if (b === 0) break;
    s += String.fromCharCode(b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b);
  }
  return s;
}

/** UTF-16LE text in [start, end). */
export function utf16(buf: Buffer, start: number, end: number): string {
  return buf.toString('utf16le', start, end);
}

/** UTF-16LE text in [start, end), cut at the first NUL (as evtx does for values). */
export function utf16Until0(buf: Buffer, start: number, end: number): string {
  let stop = start;
  while (stop + 1 < end && (buf[stop] !== 0 || buf[stop + 1] !== 0)) stop += 2;
  return utf16(buf, start, stop);
}

const HEX = '0123456789ABCDEF';

export function hexUpper(buf: Buffer, start: number, end: number): string {
  return buf.toString('hex', start, end).toUpperCase();
}

function hex2(b: number): string {
  return HEX[b >> 4] + HEX[b & 15];
}

/** GUID in canonical uppercase form without braces (`D1-D2-D3-D4[0..2]-D4[2..8]`, data1..3 little-endian). */
export function formatGuid(buf: Buffer, o: number): string {
  return (
    hex2(buf[o + 3]) +
    hex2(buf[o + 2]) +
    hex2(buf[o + 1]) +
    hex2(buf[o]) +
    '-' +
    hex2(buf[o + 5]) +
    hex2(buf[o + 4]) +
    '-' +
    hex2(buf[o + 7]) +
    hex2(buf[o + 6]) +
    '-' +
    hex2(buf[o + 8]) +
    hex2(buf[o + 9]) +
    '-' +
    hex2(buf[o + 10]) +
    hex2(buf[o + 11]) +
    hex2(buf[o + 12]) +
    hex2(buf[o + 13]) +
    hex2(buf[o + 14]) +
    hex2(buf[o + 15])
  );
}

export function formatSid(buf: Buffer, start: number, end: number): string {
  if (end - start < 8) return 'S-?';
  const revision = buf[start];
  const count = buf[start + 1];
  const authority = buf.readUIntBE(start + 2, 6);
  let s = `S-${revision}-${authority}`;
  for (let i = 0, o = start + 8; i < count && o + 4 <= end; i++, o += 4) s += '-' + buf.readUInt32LE(o);
  return s;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

const EPOCH_DIFF_SECONDS = 11644473600;
let lastSecond = NaN;
let lastSecondText = '';

function secondText(seconds: number): string {
  if (seconds !== lastSecond) {
    const d = new Date(seconds * 1000);
    lastSecondText = Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 19);
    lastSecond = seconds;
  }
  return lastSecondText;
}

/** FILETIME given as two u32 halves (100 ns ticks since 1601) → `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
export function formatFiletimeParts(hi: number, lo: number): string {
  // ticks = hi·2^32 + lo exceeds 2^53: take the sub-second part exactly with modular arithmetic,
  // then the (integral) seconds, whose float error is far below one second.
  const frac = ((hi % 1e7) * (4294967296 % 1e7) + lo) % 1e7;
  const seconds = Math.round((hi * 4294967296 + (lo - frac)) / 1e7) - EPOCH_DIFF_SECONDS;
  const date = secondText(seconds);
  if (date === '') return `FILETIME(0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')})`;
  return date + '.' + pad(Math.floor(frac / 10), 6) + 'Z';
}

export function formatFiletime(ticks: bigint): string {
  return formatFiletimeParts(Number(ticks >> 32n), Number(ticks & 0xffffffffn));
}

export function readFiletime(buf: Buffer, o: number): string {
  return formatFiletimeParts(buf.readUInt32LE(o + 4), buf.readUInt32LE(o));
}

/** SYSTEMTIME (8 × u16: year, month, weekday, day, hour, minute, second, ms). */
export function readSystime(buf: Buffer, o: number): string {
  const y = buf.readUInt16LE(o);
  const mo = buf.readUInt16LE(o + 2);
  const d = buf.readUInt16LE(o + 6);
  const h = buf.readUInt16LE(o + 8);
  const mi = buf.readUInt16LE(o + 10);
  const s = buf.readUInt16LE(o + 12);
  const ms = buf.readUInt16LE(o + 14);
  return `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms * 1000, 6)}Z`;
}

/** Shortest text that round-trips a float32. */
function formatReal32(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

/** Byte width of fixed-size scalar types; 0 for variable-size ones. */
export function fixedSize(t: number): number {
  switch (t) {
    case VT_INT8:
    case VT_UINT8:
      return 1;
    case VT_INT16:
    case VT_UINT16:
      return 2;
    case VT_INT32:
    case VT_UINT32:
    case VT_REAL32:
    case VT_BOOL:
    case VT_HEXINT32:
      return 4;
    case VT_INT64:
    case VT_UINT64:
    case VT_REAL64:
    case VT_FILETIME:
    case VT_HEXINT64:
      return 8;
    case VT_GUID:
    case VT_SYSTIME:
      return 16;
    default:
      return 0;
  }
}

function need(buf: Buffer, o: number, n: number, what: string): void {
  if (o + n > buf.length)
    throw new EvtxFormatError(`${what}: need ${n} bytes at ${o}, buffer ends at ${buf.length}`, o);
}

/** Decode one scalar of fixed-size type `t` at `o`. */
function decodeFixed(buf: Buffer, o: number, t: number, size: number): Val {
  switch (t) {
    case VT_INT8: {
      const v = buf.readInt8(o);
      return val(t, String(v), v);
    }
    case VT_UINT8: {
      const v = buf[o];
      return val(t, String(v), v);
    }
    case VT_INT16: {
      const v = buf.readInt16LE(o);
      return val(t, String(v), v);
    }
    case VT_UINT16: {
      const v = buf.readUInt16LE(o);
      return val(t, String(v), v);
    }
    case VT_INT32: {
      const v = buf.readInt32LE(o);
      return val(t, String(v), v);
    }
    case VT_UINT32: {
      const v = buf.readUInt32LE(o);
      return val(t, String(v), v);
    }
    case VT_INT64: {
      const v = buf.readBigInt64LE(o);
      return val(t, v.toString(), int64Json(v));
    }
    case VT_UINT64: {
      const v = buf.readBigUInt64LE(o);
      return val(t, v.toString(), int64Json(v));
    }
    case VT_REAL32:
      return val(t, formatReal32(buf.readFloatLE(o)), undefined);
    case VT_REAL64:
      return val(t, String(buf.readDoubleLE(o)), undefined);
    case VT_BOOL: {
      const v = buf.readInt32LE(o) !== 0;
      return val(t, v ? 'true' : 'false', v);
    }
    case VT_GUID:
      return val(t, formatGuid(buf, o), undefined);
    case VT_FILETIME:
      return val(t, readFiletime(buf, o), undefined);
    case VT_SYSTIME:
      return val(t, readSystime(buf, o), undefined);
    case VT_HEXINT32:
      return val(t, '0x' + buf.readUInt32LE(o).toString(16), undefined);
    case VT_HEXINT64:
      return val(t, '0x' + buf.readBigUInt64LE(o).toString(16), undefined);
    case VT_SIZET:
      return size === 4
        ? val(t, '0x' + buf.readUInt32LE(o).toString(16), undefined)
        : val(t, '0x' + buf.readBigUInt64LE(o).toString(16), undefined);
    default:
      throw new EvtxFormatError(`value type 0x${t.toString(16)} is not fixed-size`, o);
  }
}

function arrayVal(t: number, items: Val[]): Val {
  const v = val(t, items.map((i) => i.text).join(','), undefined, items.length === 0);
  v.items = items;
  return v;
}

/**
 * Decode a substitution value of type `t` occupying `size` bytes at `o` (template instance
 * substitution arrays carry the size of every value).
 */
export function decodeSized(buf: Buffer, o: number, size: number, t: number): Val {
  need(buf, o, size, `value type 0x${t.toString(16)}`);
  const end = o + size;
  switch (t) {
    case VT_NULL:
      return NULL_VALUE;
    case VT_STRING: {
      const s = utf16Until0(buf, o, end);
      return val(t, s, undefined, s.length === 0);
    }
    case VT_ANSI: {
      const s = decodeAnsi(buf, o, end);
      return val(t, s, undefined, s.length === 0);
    }
    case VT_BINARY:
      return val(t, hexUpper(buf, o, end), undefined, size === 0);
    case VT_SID:
      return val(t, formatSid(buf, o, end), undefined);
    case VT_SIZET:
      if (size !== 4 && size !== 8) throw new EvtxFormatError(`size_t of ${size} bytes`, o);
      return decodeFixed(buf, o, t, size);
    case VT_BINXML: {
      const v = val(t, '', undefined, size === 0);
      v.xmlStart = o;
      v.xmlEnd = end;
      return v;
    }
    case VT_EVTHANDLE:
    case VT_EVTXML:
      throw new EvtxFormatError(`unsupported value type 0x${t.toString(16)}`, o);
    case VT_STRING | VT_ARRAY: {
      const items: Val[] = [];
      let start = o;
      for (let i = o; i + 1 < end; i += 2) {
        if (buf[i] === 0 && buf[i + 1] === 0) {
          const s = buf.toString('utf16le', start, i);
          items.push(val(VT_STRING, s, undefined, s.length === 0));
          start = i + 2;
        }
      }
      if (start + 1 < end) {
        const s = buf.toString('utf16le', start, end - ((end - start) & 1));
        items.push(val(VT_STRING, s, undefined, s.length === 0));
      }
      return arrayVal(t, items);
    }
    case VT_ANSI | VT_ARRAY: {
      const items: Val[] = [];
      let start = o;
      for (let i = o; i < end; i++) {
        if (buf[i] === 0) {
          const s = decodeAnsi(buf, start, i);
          items.push(val(VT_ANSI, s, undefined, s.length === 0));
          start = i + 1;
        }
      }
      if (start < end) items.push(val(VT_ANSI, decodeAnsi(buf, start, end), undefined));
      return arrayVal(t, items);
    }
    case VT_SID | VT_ARRAY: {
      const items: Val[] = [];
      let p = o;
      while (p + 8 <= end) {
        const len = 8 + buf[p + 1] * 4;
        items.push(val(VT_SID, formatSid(buf, p, Math.min(end, p + len)), undefined));
        p += len;
      }
      return arrayVal(t, items);
    }
    default: {
      if (t & VT_ARRAY) {
        const base = t & 0x7f;
        const w = base === VT_SIZET ? 8 : fixedSize(base);
        if (w === 0) throw new EvtxFormatError(`unsupported array value type 0x${t.toString(16)}`, o);
        const items: Val[] = [];
        for (let p = o; p + w <= end; p += w) items.push(decodeFixed(buf, p, base, w));
        return arrayVal(t, items);
      }
      const w = fixedSize(t);
      if (w === 0) throw new EvtxFormatError(`unknown value type 0x${t.toString(16)}`, o);
      if (size < w)
        throw new EvtxFormatError(`value type 0x${t.toString(16)} needs ${w} bytes, has ${size}`, o);
      return decodeFixed(buf, o, t, w);
    }
  }
}

/**
 * Decode a value carried by a BinXML Value token (no size descriptor): strings are
 * length-prefixed (u16 count), other types have their natural width. Returns the value and the
 * offset after it.
 */
export function decodeInline(buf: Buffer, o: number, t: number): { v: Val; next: number } {
  if (t === VT_STRING) {
    need(buf, o, 2, 'string length');
    const n = buf.readUInt16LE(o);
    need(buf, o + 2, n * 2, 'string value');
    const s = utf16(buf, o + 2, o + 2 + n * 2);
    return { v: val(t, s, undefined, s.length === 0), next: o + 2 + n * 2 };
  }
  if (t === VT_ANSI || t === VT_BINARY || t === VT_BINXML) {
    need(buf, o, 2, 'value length');
    const n = buf.readUInt16LE(o);
    return { v: decodeSized(buf, o + 2, n, t), next: o + 2 + n };
  }
  if (t === VT_NULL) return { v: NULL_VALUE, next: o };
  if (t === VT_SID) {
    need(buf, o, 8, 'SID');
    const n = 8 + buf[o + 1] * 4;
    return { v: decodeSized(buf, o, n, t), next: o + n };
  }
  const w = t === VT_SIZET ? 8 : fixedSize(t);
  if (w === 0) throw new EvtxFormatError(`unsupported inline value type 0x${t.toString(16)}`, o);
  need(buf, o, w, `value type 0x${t.toString(16)}`);
  return { v: decodeFixed(buf, o, t, w), next: o + w };
}
