/**
 * BinXML decoding + evtx_dump JSON rendering on documents assembled byte by byte here, to cover
 * what the corpus does not: value types, arrays, nested BinXML, unnamed Data, duplicate names,
 * character/entity references, CDATA and processing instructions.
 */
import { describe, expect, it } from 'vitest';
import { newChunkContext, parseFragment } from './binxml.parser.js';
import { renderRecordJson, stringifyEvtxJson } from './binxml.json.js';
import { decodeSized, formatFiletime } from './binxml.values.js';

/** Writes BinXML tokens at absolute chunk offsets (inline names, inline template definitions). */
class Bx {
  bytes: number[] = [];
  get pos(): number {
    return this.bytes.length;
  }
  u8(...v: number[]): this {
    this.bytes.push(...v);
    return this;
  }
  u16(v: number): this {
    return this.u8(v & 0xff, (v >> 8) & 0xff);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }
  utf16(s: string): this {
    for (let i = 0; i < s.length; i++) this.u16(s.charCodeAt(i));
    return this;
  }
  name(s: string): this {
    this.u32(this.pos + 4)
      .u32(0)
      .u16(0)
      .u16(s.length)
      .utf16(s)
      .u16(0);
    return this;
  }
  open(name: string, attrs: boolean, dep: boolean): this {
    this.u8(attrs ? 0x41 : 0x01);
    if (dep) this.u16(0xffff);
    this.u32(0).name(name);
    if (attrs) this.u32(0);
    return this;
  }
  attr(name: string): this {
    return this.u8(0x06).name(name);
  }
  text(s: string): this {
    return this.u8(0x05, 0x01).u16(s.length).utf16(s);
  }
  closeStart(): this {
    return this.u8(0x02);
  }
  closeEmpty(): this {
    return this.u8(0x03);
  }
  end(): this {
    return this.u8(0x04);
  }
  subst(id: number, type: number, optional = false): this {
    return this.u8(optional ? 0x0e : 0x0d)
      .u16(id)
      .u8(type);
  }
  fragmentHeader(): this {
    return this.u8(0x0f, 0x01, 0x01, 0x00);
  }
  buffer(): Buffer {
    return Buffer.from(this.bytes);
  }
}

interface SubValue {
  type: number;
  bytes: number[];
}

const utf16 = (s: string): number[] => [...Buffer.from(s, 'utf16le')];
const le = (n: number, width: number): number[] => {
  const b = Buffer.alloc(width);
  b.writeUIntLE(n, 0, width);
  return [...b];
};

/**
 * Record fragment: template instance with an inline definition written by `body` (template mode:
 * dependency ids present), then the substitution array.
 */
function record(body: (b: Bx) => void, values: SubValue[], prefix = 0): Buffer {
  const b = new Bx();
  for (let i = 0; i < prefix; i++) b.u8(0);
  b.fragmentHeader();
  b.u8(0x0c, 0x01).u32(1);
  b.u32(b.pos + 4); // definition follows inline
  const def = b.pos;
  b.u32(0)
    .u8(...new Array(16).fill(0xab))
    .u32(0);
  const dataStart = b.pos;
  b.fragmentHeader();
  body(b);
  b.u8(0x00);
  const size = b.pos - dataStart;
  b.bytes.splice(def + 20, 4, ...le(size, 4));
  b.u32(values.length);
  for (const v of values) b.u16(v.bytes.length).u8(v.type, 0);
  for (const v of values) b.u8(...v.bytes);
  b.u8(0x00);
  return b.buffer();
}

function render(buf: Buffer, start = 0): unknown {
  const ctx = newChunkContext(buf);
  const roots = parseFragment(ctx, start, buf.length, false);
  return JSON.parse(stringifyEvtxJson(renderRecordJson(roots[0])));
}

describe('BinXML → evtx_dump JSON', () => {
  it('renders System-like values: numbers, hex, GUID, SID, FILETIME, null elements, #attributes/#text', () => {
    const guid = [
      0x5f, 0x38, 0x70, 0x57, 0x2a, 0xc2, 0xe0, 0x43, 0xbf, 0x4c, 0x06, 0xf5, 0x69, 0x8f, 0xfb, 0xd9,
    ];
    const sid = [1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0];
    const ft = [...Buffer.from(new BigUint64Array([133900000001234567n]).buffer)];
    const buf = record(
      (b) => {
        b.open('Event', true, true).attr('xmlns').text('urn:x').closeStart();
        b.open('Provider', true, true).attr('Guid').subst(0, 0x0f).closeEmpty();
        b.open('EventID', true, true).attr('Qualifiers').subst(1, 0x06).closeStart().subst(2, 0x06).end();
        b.open('Keywords', false, true).closeStart().subst(3, 0x15).end();
        b.open('Time', true, true).attr('SystemTime').subst(4, 0x11).closeEmpty();
        b.open('Security', true, true).attr('UserID').subst(5, 0x13, true).closeEmpty();
        b.open('Correlation', true, true).attr('ActivityID').subst(6, 0x0f, true).closeEmpty();
        b.open('Neg', false, true).closeStart().subst(7, 0x09).end();
        b.open('Flag', false, true).closeStart().subst(8, 0x0d).end();
        b.open('Bin', false, true).closeStart().subst(9, 0x0e).end();
        b.open('Size', false, true).closeStart().subst(10, 0x10).end();
        b.end();
      },
      [
        { type: 0x0f, bytes: guid },
        { type: 0x06, bytes: le(16384, 2) },
        { type: 0x06, bytes: le(4624, 2) },
        { type: 0x15, bytes: [0, 0, 0, 0, 0, 0, 0x20, 0x80] },
        { type: 0x11, bytes: ft },
        { type: 0x13, bytes: sid },
        { type: 0x00, bytes: [] },
        { type: 0x09, bytes: [...Buffer.from(new BigInt64Array([-5n]).buffer)] },
        { type: 0x0d, bytes: le(1, 4) },
        { type: 0x0e, bytes: [0xde, 0xad, 0x0b] },
        { type: 0x10, bytes: le(0x1f, 4) },
      ],
    );
    expect(render(buf)).toEqual({
      Event: {
        '#attributes': { xmlns: 'urn:x' },
        Provider: { '#attributes': { Guid: '5770385F-C22A-43E0-BF4C-06F5698FFBD9' } },
        EventID: { '#attributes': { Qualifiers: 16384 }, '#text': 4624 },
        Keywords: '0x8020000000000000',
        Time: { '#attributes': { SystemTime: formatFiletime(133900000001234567n) } },
        Security: { '#attributes': { UserID: 'S-1-5-18' } },
        Correlation: null,
        Neg: -5,
        Flag: true,
        Bin: 'DEAD0B',
        Size: '0x1f',
      },
    });
    expect(formatFiletime(133900000001234567n)).toBe('2025-04-24T20:26:40.123456Z'); // python: datetime(1601,1,1) + timedelta(microseconds=t // 10);
  });

  it('flattens named Data, keeps empty named Data as "", and suffixes repeated element names', () => {
    const buf = record(
      (b) => {
        b.open('Event', false, true).closeStart();
        b.open('EventData', false, true).closeStart();
        b.open('Data', true, true).attr('Name').text('User').closeStart().subst(0, 0x01).end();
        b.open('Data', true, true).attr('Name').text('Empty').closeStart().subst(1, 0x01, true).end();
        b.open('Data', true, true).attr('Name').text('Pid').closeStart().subst(2, 0x08).end();
        b.end();
        for (const h of ['a', 'b', 'c']) b.open('Header', false, true).closeStart().text(h).end();
        b.end();
      },
      [
        { type: 0x01, bytes: utf16('bob\0') },
        { type: 0x01, bytes: [] },
        { type: 0x08, bytes: le(4242, 4) },
      ],
    );
    expect(render(buf)).toEqual({
      Event: { EventData: { User: 'bob', Empty: '', Pid: 4242 }, Header: 'a', Header_1: 'b', Header_2: 'c' },
    });
  });

  it('renders unnamed Data as {"Data": {"#text": …}} and expands array substitutions into repeated elements', () => {
    const strings = [...utf16('one\0'), ...utf16('\0'), ...utf16('three\0')];
    const buf = record(
      (b) => {
        b.open('Event', false, true).closeStart();
        b.open('EventData', false, true).closeStart();
        b.open('Data', false, true).closeStart().subst(0, 0x81).end();
        b.end();
        b.open('UserData', false, true).closeStart();
        b.open('Data', false, true).closeStart().subst(1, 0x88).end();
        b.end();
        b.open('Codes', false, true).closeStart().subst(2, 0x88).end();
        b.end();
      },
      [
        { type: 0x81, bytes: strings },
        { type: 0x88, bytes: le(7, 4) },
        { type: 0x88, bytes: [...le(1, 4), ...le(2, 4)] },
      ],
    );
    expect(render(buf)).toEqual({
      Event: {
        EventData: { Data: { '#text': ['one', '', 'three'] } },
        UserData: { Data: { '#text': '7' } },
        Codes: 1,
        Codes_1: 2,
      },
    });
  });

  it('splices nested BinXML substitutions (type 0x21) as child elements', () => {
    // Nested fragment: plain elements, no dependency identifiers.
    const nestedAt = 40;
    const nested = new Bx();
    for (let i = 0; i < nestedAt; i++) nested.u8(0);
    nested.fragmentHeader();
    nested.open('Inner', true, false).attr('Kind').text('x').closeStart().text('deep').end();
    nested.u8(0x00);
    const nestedBytes = nested.bytes.slice(nestedAt);
    // The nested fragment's names are inline at its own offsets, so it must sit at the same
    // position inside the record buffer: build the record first, then place the fragment.
    const probe = record(
      (b) => {
        b.open('Event', false, true)
          .closeStart()
          .open('UserData', false, true)
          .closeStart()
          .subst(0, 0x21)
          .end()
          .end();
      },
      [{ type: 0x21, bytes: nestedBytes }],
    );
    const valueAt = probe.length - 1 - nestedBytes.length;
    const rebuilt = new Bx();
    for (let i = 0; i < valueAt; i++) rebuilt.u8(0);
    rebuilt.fragmentHeader();
    rebuilt.open('Inner', true, false).attr('Kind').text('x').closeStart().text('deep').end();
    rebuilt.u8(0x00);
    const buf = Buffer.from(probe);
    Buffer.from(rebuilt.bytes.slice(valueAt)).copy(buf, valueAt);
    expect(render(buf)).toEqual({
      Event: { UserData: { Inner: { '#attributes': { Kind: 'x' }, '#text': 'deep' } } },
    });
  });

  it('keeps character and entity references, CDATA text, and ignores processing instructions', () => {
    const buf = record((b) => {
      b.open('Event', false, true).closeStart();
      b.open('Msg', false, true).closeStart().text('a').u8(0x08).u16(65).u8(0x09).name('amp').text('b').end();
      b.open('Raw', false, true).closeStart().u8(0x07).u16(5).utf16('<x/>!').end();
      b.open('Pi', false, true)
        .closeStart()
        .u8(0x0a)
        .name('xml-stylesheet')
        .u8(0x0b)
        .u16(3)
        .utf16('a=b')
        .end();
      b.end();
    }, []);
    expect(render(buf)).toEqual({ Event: { Msg: 'a&#65;&amp;b', Raw: '<x/>!', Pi: null } });
  });

  it('reports malformed BinXML as an error with its offset instead of producing garbage', () => {
    const buf = record((b) => b.open('Event', false, true).closeStart().u8(0x1d).end(), []);
    expect(() => parseFragment(newChunkContext(buf), 0, buf.length, false)).toThrow(
      /template at 14: unknown BinXML token 0x1d/,
    );
    const cut = buf.subarray(0, 30);
    expect(() => parseFragment(newChunkContext(cut), 0, cut.length, false)).toThrow();
  });
});

describe('substitution value decoding', () => {
  it('formats reals, SYSTEMTIME, ANSI (cp1252) and hex arrays', () => {
    const f32 = Buffer.alloc(4);
    f32.writeFloatLE(0.1);
    expect(decodeSized(f32, 0, 4, 0x0b).text).toBe('0.1');
    const st = Buffer.alloc(16);
    [2024, 2, 4, 29, 23, 59, 58, 7].forEach((v, i) => st.writeUInt16LE(v, i * 2));
    expect(decodeSized(st, 0, 16, 0x12).text).toBe('2024-02-29T23:59:58.007000Z');
    expect(decodeSized(Buffer.from([0x80, 0x41, 0x00, 0x42]), 0, 4, 0x02).text).toBe('€A');
    const hx = Buffer.alloc(8);
    hx.writeUInt32LE(10, 0);
    hx.writeUInt32LE(255, 4);
    const arr = decodeSized(hx, 0, 8, 0x94);
    expect(arr.text).toBe('0xa,0xff');
    expect(arr.items?.map((i) => i.text)).toEqual(['0xa', '0xff']);
    const big = Buffer.from(new BigUint64Array([2n ** 63n + 1n]).buffer);
    expect(decodeSized(big, 0, 8, 0x0a).json).toBe(2n ** 63n + 1n);
    expect(stringifyEvtxJson({ n: 2n ** 63n + 1n })).toBe('{"n":9223372036854775809}');
  });

  it('rejects values that run past the buffer', () => {
    expect(() => decodeSized(Buffer.alloc(4), 2, 8, 0x0a)).toThrow(/need 8 bytes at 2/);
  });
});
