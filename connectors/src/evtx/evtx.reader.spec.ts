/**
 * Reader behaviour on real corpus files and on damaged copies made here (truncated, bit-flipped,
 * bad magic, two files' chunks glued together). The iterator must never throw, must keep every
 * record it can decode, and must report the rest as `{ offset, chunk, reason }` issues.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readEvtxBuffer, readEvtxRecords, type EvtxStreamItem } from './evtx.reader.js';
import type { EvtxIssue, EvtxRecord } from './evtx.types.js';

const regression = fileURLToPath(
  new URL('../../../../shared/corpora/sigmahq/regression_data', import.meta.url),
);
const SEVEN = `${regression}/rules/windows/file/file_event/file_event_win_hktl_netexec_file_indicators/efc21479-9e83-41da-8cf1-122e06ba8db3.evtx`;
const ONE = `${regression}/rules-threat-hunting/windows/image_load/image_load_win_werfaultsecure_dbgcore_dbghelp_load/8a2f4b1c-3d5e-4f7a-9b2c-1e4f6d8a9c2b.evtx`;
const present = existsSync(SEVEN) && existsSync(ONE);
if (!present)
  console.warn(`evtx reader spec: corpus files not found under ${regression}, corpus-based tests skipped`);

function split(items: Iterable<EvtxStreamItem>): {
  records: EvtxRecord[];
  issues: EvtxIssue[];
  header: boolean;
} {
  const records: EvtxRecord[] = [];
  const issues: EvtxIssue[] = [];
  let header = false;
  for (const it of items) {
    if (it.kind === 'record') records.push(it);
    else if (it.kind === 'issue') issues.push(it);
    else header = true;
  }
  return { records, issues, header };
}

async function collect(items: AsyncIterable<EvtxStreamItem>): Promise<EvtxStreamItem[]> {
  const out: EvtxStreamItem[] = [];
  for await (const it of items) out.push(it);
  return out;
}

async function* pieces(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

/** Deterministic PRNG (mulberry32) so bit-flip cases are reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('readEvtxBuffer without corpus', () => {
  it('reports a non-EVTX buffer as issues and yields no header', () => {
    const { records, issues, header } = split(readEvtxBuffer(Buffer.alloc(8192, 0x41)));
    expect(header).toBe(false);
    expect(records).toEqual([]);
    expect(issues[0]).toMatchObject({
      chunk: -1,
      offset: 0,
      reason: expect.stringContaining('bad file header magic'),
    });
  });

  it('reports an empty input', () => {
    const { issues, header } = split(readEvtxBuffer(Buffer.alloc(0)));
    expect(header).toBe(false);
    expect(issues.map((i) => i.reason)).toEqual([
      'file header truncated: 0 of 128 bytes',
      expect.stringContaining('file truncated inside the file header'),
    ]);
  });
});

describe.skipIf(!present)('readEvtxBuffer on corpus files', () => {
  const seven = present ? readFileSync(SEVEN) : Buffer.alloc(0);
  const one = present ? readFileSync(ONE) : Buffer.alloc(0);
  const full = split(readEvtxBuffer(seven));

  it('decodes all records of an intact file with no issue', () => {
    expect(full.header).toBe(true);
    expect(full.issues).toEqual([]);
    expect(full.records).toHaveLength(7);
    expect(full.records.every((r) => r.chunk === 0 && r.offset >= 4096 + 512)).toBe(true);
    const ids = full.records.map((r) => Number(r.recordId));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(full.records[0].timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const system = (full.records[0].event.Event as Record<string, Record<string, unknown>>).System;
    // Exported (filtered) logs renumber record headers; the event keeps its original EventRecordID.
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(system.EventRecordID).toBeGreaterThan(7);
  });

  it('streams the same items from 64 KiB pieces and from odd-sized pieces', async () => {
    const want = [...readEvtxBuffer(seven)];
    expect(await collect(readEvtxRecords(pieces(seven, 65536)))).toEqual(want);
    expect(await collect(readEvtxRecords(pieces(seven, 997)))).toEqual(want);
    expect(await collect(readEvtxRecords(seven))).toEqual(want);
  });

  it('keeps every complete record of a file truncated at any record boundary or inside a record', () => {
    const ends = full.records.map((r, i) => (i + 1 < full.records.length ? full.records[i + 1].offset : -1));
    for (let i = 0; i < full.records.length - 1; i++) {
      // Cut exactly after record i, then a few bytes into record i + 1.
      for (const cut of [ends[i], ends[i] + 13]) {
        const got = split(readEvtxBuffer(seven.subarray(0, cut)));
        expect(got.header).toBe(true);
        expect(got.records.map((r) => r.event)).toEqual(full.records.slice(0, i + 1).map((r) => r.event));
        expect(got.issues.some((x) => x.chunk === 0 && x.reason.startsWith('chunk truncated'))).toBe(true);
      }
    }
  });

  it('reports truncation inside the chunk header and inside the file header', () => {
    const inChunkHeader = split(readEvtxBuffer(seven.subarray(0, 4096 + 200)));
    expect(inChunkHeader.header).toBe(true);
    expect(inChunkHeader.records).toEqual([]);
    expect(inChunkHeader.issues).toEqual([
      expect.objectContaining({
        chunk: 0,
        offset: 4096,
        reason: expect.stringContaining('chunk truncated: 200 bytes'),
      }),
    ]);
    const inFileHeader = split(readEvtxBuffer(seven.subarray(0, 1000)));
    expect(inFileHeader.header).toBe(true);
    expect(inFileHeader.issues).toEqual([
      expect.objectContaining({ chunk: -1, reason: expect.stringContaining('1000 of 4096') }),
    ]);
  });

  it('reports checksum mismatches and still decodes the records', () => {
    const copy = Buffer.from(seven);
    copy[4096 + 60] ^= 0xff; // inside the chunk header's unused area: header CRC breaks
    copy[4096 + 120 - 1] ^= 0x01; // flags byte
    const hdr = Buffer.from(seven);
    hdr[100] ^= 0x10; // file header reserved area
    const a = split(readEvtxBuffer(copy));
    expect(a.records.map((r) => r.event)).toEqual(full.records.map((r) => r.event));
    expect(a.issues).toEqual([
      expect.objectContaining({
        chunk: 0,
        offset: 4096 + 124,
        reason: expect.stringContaining('chunk header checksum mismatch'),
      }),
    ]);
    const b = split(readEvtxBuffer(hdr));
    expect(b.header).toBe(true);
    expect(b.issues).toEqual([
      expect.objectContaining({
        chunk: -1,
        offset: 124,
        reason: expect.stringContaining('file header checksum mismatch'),
      }),
    ]);
    expect(split(readEvtxBuffer(copy, { checksums: false })).issues).toEqual([]);
  });

  it('isolates a record with a broken record header and resumes at the next one', () => {
    const copy = Buffer.from(seven);
    const third = full.records[2].offset;
    copy.writeUInt32LE(0xdeadbeef, third); // record magic
    const got = split(readEvtxBuffer(copy));
    expect(got.records.map((r) => r.recordId)).toEqual(
      full.records.filter((_, i) => i !== 2).map((r) => r.recordId),
    );
    expect(got.issues).toContainEqual(
      expect.objectContaining({
        chunk: 0,
        offset: third,
        reason: expect.stringMatching(/^bad record magic 0xdeadbeef, resumed at chunk offset \d+$/),
      }),
    );
    expect(got.issues).toContainEqual(
      expect.objectContaining({ reason: expect.stringContaining('records checksum mismatch') }),
    );
  });

  it('turns BinXML damage into a per-record issue carrying the record id', () => {
    const copy = Buffer.from(seven);
    const second = full.records[1];
    // First BinXML byte is the fragment header token (0x0f); make it an unknown token.
    copy[second.offset + 24] = 0x3f;
    const got = split(readEvtxBuffer(copy, { checksums: false }));
    expect(got.records.map((r) => r.recordId)).toEqual(
      full.records.filter((_, i) => i !== 1).map((r) => r.recordId),
    );
    expect(got.issues).toEqual([
      {
        kind: 'issue',
        chunk: 0,
        offset: second.offset,
        recordId: second.recordId,
        reason: `record ${second.recordId}: unknown BinXML token 0x3f`,
      },
    ]);
  });

  it('never throws on 400 randomly bit-flipped copies and always accounts for the damage', () => {
    const rand = rng(0xe7f1);
    const used = seven.readUInt32LE(4096 + 48);
    for (let n = 0; n < 400; n++) {
      const copy = Buffer.from(seven);
      const flips = 1 + Math.floor(rand() * 8);
      for (let f = 0; f < flips; f++) {
        const at = 4096 + 512 + Math.floor(rand() * (used - 512));
        copy[at] ^= 1 << Math.floor(rand() * 8);
      }
      const got = split(readEvtxBuffer(copy));
      expect(got.header).toBe(true);
      // Flips inside the used record area always break the records CRC32.
      expect(got.issues.some((i) => i.reason.includes('records checksum mismatch'))).toBe(true);
      expect(got.records.length).toBeLessThanOrEqual(full.records.length + 1);
      for (const i of got.issues) {
        expect(i.offset).toBeGreaterThanOrEqual(4096);
        expect(i.offset).toBeLessThan(seven.length);
        expect(i.reason.length).toBeGreaterThan(0);
      }
    }
  });

  it('decodes several chunks and numbers them, skipping unused (zeroed) chunks silently', () => {
    const glued = Buffer.concat([seven, one.subarray(4096), Buffer.alloc(65536)]);
    const got = split(readEvtxBuffer(glued));
    expect(got.issues).toEqual([]);
    expect(got.records.filter((r) => r.chunk === 0)).toHaveLength(7);
    const second = got.records.filter((r) => r.chunk === 1);
    expect(second).toHaveLength(1);
    expect(second[0].offset).toBeGreaterThanOrEqual(4096 + 65536 + 512);
    expect(second[0].event).toEqual(split(readEvtxBuffer(one)).records[0].event);
  });

  it('reports a chunk with a bad magic and carries on with the next chunk', () => {
    const glued = Buffer.concat([seven, one.subarray(4096)]);
    glued.write('XXXX', 4096, 'latin1');
    const got = split(readEvtxBuffer(glued));
    expect(got.issues).toEqual([
      expect.objectContaining({ chunk: 0, offset: 4096, reason: expect.stringContaining('bad chunk magic') }),
    ]);
    expect(got.records.map((r) => r.chunk)).toEqual([1]);
  });
});
