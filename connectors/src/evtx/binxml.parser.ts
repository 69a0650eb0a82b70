/**
 * BinXML token decoder. Works on one chunk buffer with chunk-relative offsets: element and
 * attribute names and template definitions are referenced by offset inside the chunk, and both
 * are cached per chunk (`ChunkContext`). Template definitions are decoded once into a tree with
 * placeholders; each template instance resolves it against its substitution array.
 */
import { EvtxFormatError } from './evtx.errors.js';
import { newElem, type Attr, type Elem, type Node } from './binxml.ir.js';
import { decodeInline, decodeSized, utf16, type Val } from './binxml.values.js';

// Local copies of the node kinds of binxml.ir.ts (see the note there).
const K_ELEM = 1;
const K_VALUE = 2;
const K_TEXT = 3;
const K_CHARREF = 4;
const K_ENTREF = 5;
const K_PI = 6;
const K_SUBST = 7;
const VT_STRING = 0x01;
const VT_BINXML = 0x21;

const TOK_EOF = 0x00;
const TOK_OPEN_START = 0x01;
const TOK_CLOSE_START = 0x02;
const TOK_CLOSE_EMPTY = 0x03;
const TOK_END_ELEMENT = 0x04;
const TOK_VALUE = 0x05;
const TOK_ATTRIBUTE = 0x06;
const TOK_CDATA = 0x07;
const TOK_CHARREF = 0x08;
const TOK_ENTREF = 0x09;
const TOK_PI_TARGET = 0x0a;
const TOK_PI_DATA = 0x0b;
const TOK_TEMPLATE_INSTANCE = 0x0c;
const TOK_NORMAL_SUBST = 0x0d;
const TOK_OPTIONAL_SUBST = 0x0e;
const TOK_FRAGMENT_HEADER = 0x0f;

/** Maximum nesting of BinXML-in-substitution, to stop malicious recursion. */
const MAX_DEPTH = 32;

export interface ChunkContext {
  buf: Buffer;
  names: Map<number, string>;
  templates: Map<number, Elem[] | EvtxFormatError>;
}

export function newChunkContext(buf: Buffer): ChunkContext {
  return { buf, names: new Map(), templates: new Map() };
}

function fail(msg: string, at: number): never {
  throw new EvtxFormatError(msg, at);
}

/** Name stored at `off`: u32 next-string offset, u16 hash, u16 char count, UTF-16 chars, NUL. */
function nameAt(ctx: ChunkContext, off: number): string {
  let s = ctx.names.get(off);
  if (s === undefined) {
    const buf = ctx.buf;
    if (off + 8 > buf.length) fail(`name offset ${off} outside chunk`, off);
    const n = buf.readUInt16LE(off + 6);
    if (off + 8 + n * 2 > buf.length) fail(`name at ${off} (${n} chars) runs past chunk end`, off);
    s = utf16(buf, off + 8, off + 8 + n * 2);
    ctx.names.set(off, s);
  }
  return s;
}

/** Position after the last name reference read by `readName`. */
let afterName = 0;

/** Read a name reference at `pos` (skipping an inline name); the next position is left in `afterName`. */
function readName(ctx: ChunkContext, pos: number): string {
  const off = ctx.buf.readUInt32LE(pos);
  pos += 4;
  const name = nameAt(ctx, off);
  afterName = off === pos ? pos + 10 + name.length * 2 : pos;
  return name;
}

class Builder {
  readonly roots: Elem[] = [];
  readonly stack: Elem[] = [];
  cur: Elem | null = null;
  attr: Attr | null = null;

  push(node: Node, at: number): void {
    if (this.cur !== null) {
      if (this.attr === null) fail('value inside element start but outside an attribute', at);
      this.attr.value.push(node);
      return;
    }
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) fail('value outside of any element', at);
    parent.children.push(node);
  }

  attach(el: Elem): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent !== undefined) {
      parent.children.push(el);
      parent.hasElem = true;
    } else this.roots.push(el);
  }

  closeStart(at: number): Elem {
    const el = this.cur;
    if (el === null) fail('close of an element start that was not opened', at);
    this.cur = null;
    this.attr = null;
    el.attrs = el.attrs.filter((a) => a.value.length > 0);
    return el;
  }
}

/**
 * Decode the BinXML fragment in [start, end) of the chunk. In template mode substitutions become
 * placeholders; otherwise template instances are instantiated in place.
 */
export function parseFragment(
  ctx: ChunkContext,
  start: number,
  end: number,
  template: boolean,
  depth = 0,
): Elem[] {
  if (depth > MAX_DEPTH) fail('BinXML nested too deeply', start);
  const buf = ctx.buf;
  if (end > buf.length) fail(`BinXML fragment [${start}, ${end}) runs past chunk end ${buf.length}`, start);
  const b = new Builder();
  let pos = start;
  while (pos < end) {
    const at = pos;
    const raw = buf[pos++];
    const tok = raw & 0xbf;
    switch (tok) {
      case TOK_EOF:
        pos = end;
        break;
      case TOK_FRAGMENT_HEADER:
        pos += 3;
        break;
      case TOK_OPEN_START: {
        if (b.cur !== null) fail('element start inside element start', at);
        if (template) pos += 2; // dependency identifier, only present in template definitions
        pos += 4; // data size
        const name = readName(ctx, pos);
        pos = afterName;
        if (raw & 0x40) pos += 4; // attribute list size
        b.cur = newElem(name);
        break;
      }
      case TOK_ATTRIBUTE: {
        if (b.cur === null) fail('attribute outside element start', at);
        const name = readName(ctx, pos);
        pos = afterName;
        b.attr = { name, value: [] };
        b.cur.attrs.push(b.attr);
        break;
      }
      case TOK_CLOSE_START:
        b.stack.push(b.closeStart(at));
        break;
      case TOK_CLOSE_EMPTY:
        b.attach(b.closeStart(at));
        break;
      case TOK_END_ELEMENT: {
        const el = b.stack.pop();
        if (el === undefined) fail('end of element with no open element', at);
        b.attach(el);
        break;
      }
      case TOK_VALUE: {
        const t = buf[pos++];
        const { v, next } = decodeInline(buf, pos, t);
        pos = next;
        if (t === VT_BINXML) {
          if (b.cur !== null) fail('nested BinXML inside attribute value', at);
          if (!v.empty)
            for (const el of parseFragment(ctx, v.xmlStart!, v.xmlEnd!, false, depth + 1)) b.attach(el);
        } else if (t === VT_STRING) b.push({ k: K_TEXT, text: v.text }, at);
        else b.push(v, at);
        break;
      }
      case TOK_CDATA: {
        const n = buf.readUInt16LE(pos);
        if (pos + 2 + n * 2 > end) fail('CDATA section runs past fragment end', at);
        b.push({ k: K_TEXT, text: buf.toString('utf16le', pos + 2, pos + 2 + n * 2) }, at);
        pos += 2 + n * 2;
        break;
      }
      case TOK_CHARREF:
        b.push({ k: K_CHARREF, code: buf.readUInt16LE(pos) }, at);
        pos += 2;
        break;
      case TOK_ENTREF: {
        const name = readName(ctx, pos);
        pos = afterName;
        b.push({ k: K_ENTREF, name }, at);
        break;
      }
      case TOK_PI_TARGET: {
        const target = readName(ctx, pos);
        pos = afterName;
        b.push({ k: K_PI, target, data: '' }, at);
        break;
      }
      case TOK_PI_DATA: {
        const n = buf.readUInt16LE(pos);
        const data = buf.toString('utf16le', pos + 2, pos + 2 + n * 2);
        pos += 2 + n * 2;
        const parent = b.cur === null ? b.stack[b.stack.length - 1] : null;
        const last = parent?.children[parent.children.length - 1];
        if (last !== undefined && last.k === K_PI) last.data = data;
        else b.push({ k: K_PI, target: '', data }, at);
        break;
      }
      case TOK_TEMPLATE_INSTANCE: {
        if (template) fail('template instance inside a template definition', at);
        if (b.cur !== null) fail('template instance inside an element start', at);
        pos = instantiate(ctx, pos, b, depth);
        break;
      }
      case TOK_NORMAL_SUBST:
      case TOK_OPTIONAL_SUBST: {
        if (!template) fail('substitution outside a template definition', at);
        b.push(
          { k: K_SUBST, id: buf.readUInt16LE(pos), type: buf[pos + 2], optional: tok === TOK_OPTIONAL_SUBST },
          at,
        );
        pos += 3;
        break;
      }
      default:
        fail(`unknown BinXML token 0x${raw.toString(16)}`, at);
    }
  }
  if (b.cur !== null || b.stack.length > 0) fail('BinXML fragment ends inside an open element', end);
  if (template) for (const r of b.roots) markDynamic(r);
  return b.roots;
}

function markDynamic(el: Elem): boolean {
  let dyn = false;
  for (const a of el.attrs) for (const n of a.value) if (n.k === K_SUBST) dyn = true;
  for (const c of el.children) {
    if (c.k === K_SUBST) dyn = true;
    else if (c.k === K_ELEM && markDynamic(c)) dyn = true;
  }
  el.dynamic = dyn;
  return dyn;
}

/** Template definition at `off`: u32 next, 16-byte GUID, u32 data size, then the fragment. */
function templateAt(ctx: ChunkContext, off: number): Elem[] {
  let t = ctx.templates.get(off);
  if (t === undefined) {
    try {
      if (off + 24 > ctx.buf.length) fail(`template definition offset ${off} outside chunk`, off);
      const size = ctx.buf.readUInt32LE(off + 20);
      t = parseFragment(ctx, off + 24, off + 24 + size, true);
    } catch (err) {
      t =
        err instanceof EvtxFormatError
          ? new EvtxFormatError(`template at ${off}: ${err.message}`, err.at)
          : new EvtxFormatError(`template at ${off}: ${(err as Error).message}`, off);
    }
    ctx.templates.set(off, t);
  }
  if (t instanceof EvtxFormatError) throw t;
  return t;
}

/** Parse a template instance (token already consumed) at `pos`, attach its elements; returns the next position. */
function instantiate(ctx: ChunkContext, pos: number, b: Builder, depth: number): number {
  const buf = ctx.buf;
  const defOff = buf.readUInt32LE(pos + 5);
  pos += 9;
  if (defOff === pos) {
    // Inline definition: skip its header and data.
    pos += 24 + buf.readUInt32LE(pos + 20);
  }
  const template = templateAt(ctx, defOff);
  const count = buf.readUInt32LE(pos);
  pos += 4;
  if (pos + count * 4 > buf.length) fail(`substitution array of ${count} entries runs past chunk end`, pos);
  const values: Val[] = new Array(count);
  let vpos = pos + count * 4;
  for (let i = 0; i < count; i++) {
    const size = buf.readUInt16LE(pos + i * 4);
    const type = buf[pos + i * 4 + 2];
    values[i] = decodeSized(buf, vpos, size, type);
    vpos += size;
  }
  let arrays = false;
  for (const v of values) if (v.items !== undefined && v.items.length > 1) arrays = true;
  for (const root of template) for (const el of resolve(ctx, root, values, depth, arrays)) b.attach(el);
  return vpos;
}

function resolveNodes(
  ctx: ChunkContext,
  nodes: Node[],
  values: Val[],
  depth: number,
  arrays: boolean,
  out: Node[],
): void {
  for (const n of nodes) {
    if (n.k === K_SUBST) {
      if (n.id >= values.length) continue;
      const v = values[n.id];
      if (n.optional && v.empty) continue;
      if (v.t === VT_BINXML) {
        if (!v.empty)
          for (const el of parseFragment(ctx, v.xmlStart!, v.xmlEnd!, false, depth + 1)) out.push(el);
        continue;
      }
      out.push(v);
    } else if (n.k === K_ELEM) {
      if (!n.dynamic) out.push(n);
      else if (!arrays) out.push(resolveOne(ctx, n, values, depth, arrays));
      else for (const el of resolve(ctx, n, values, depth, arrays)) out.push(el);
    } else out.push(n);
  }
}

/** Clone a template element, resolving placeholders (no array expansion). */
function resolveOne(ctx: ChunkContext, el: Elem, values: Val[], depth: number, arrays: boolean): Elem {
  const out = newElem(el.name);
  for (const a of el.attrs) {
    const value: Node[] = [];
    resolveNodes(ctx, a.value, values, depth, arrays, value);
    if (value.length > 0) out.attrs.push({ name: a.name, value });
  }
  resolveNodes(ctx, el.children, values, depth, arrays, out.children);
  for (const c of out.children) {
    if (c.k === K_ELEM) {
      out.hasElem = true;
      break;
    }
  }
  return out;
}

/** Clone a template element, resolving placeholders; array values repeat the element once per item. */
function resolve(ctx: ChunkContext, el: Elem, values: Val[], depth: number, arrays: boolean): Elem[] {
  if (!el.dynamic) return [el];
  const out = resolveOne(ctx, el, values, depth, arrays);
  return arrays ? expandArrays(out) : [out];
}

function findArray(el: Elem): { list: Node[]; index: number; items: Val[] } | null {
  for (let i = 0; i < el.children.length; i++) {
    const c = el.children[i];
    if (c.k === K_VALUE && c.items !== undefined && c.items.length > 1)
      return { list: el.children, index: i, items: c.items };
  }
  for (const a of el.attrs) {
    for (let i = 0; i < a.value.length; i++) {
      const c = a.value[i];
      if (c.k === K_VALUE && c.items !== undefined && c.items.length > 1)
        return { list: a.value, index: i, items: c.items };
    }
  }
  return null;
}

function expandArrays(el: Elem): Elem[] {
  const found = findArray(el);
  if (found === null) return [el];
  const result: Elem[] = [];
  for (const item of found.items) {
    const swap = (list: Node[]): Node[] => {
      if (list !== found.list) return list.slice();
      const copy = list.slice();
      if (item.empty && item.t === VT_STRING) copy.splice(found.index, 1);
      else copy[found.index] = item;
      return copy;
    };
    const clone: Elem = {
      k: K_ELEM,
      name: el.name,
      attrs: [],
      children: swap(el.children),
      hasElem: el.hasElem,
    };
    for (const a of el.attrs) {
      const value = swap(a.value);
      if (value.length > 0) clone.attrs.push({ name: a.name, value });
    }
    for (const e of expandArrays(clone)) result.push(e);
  }
  return result;
}
