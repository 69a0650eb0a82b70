/**
 * EVTX file header and chunk decoding. A chunk is 64 KiB: a 512-byte header (with CRC32 of the
 * header and of the record data), then event records, each a BinXML document. Problems become
 * `EvtxIssue`s and decoding moves on to the next record (or chunk).
 */
import { crc32 } from 'node:zlib';
import { parseFragment, newChunkContext } from './binxml.parser.js';
import { renderRecordJson } from './binxml.json.js';
import { reasonOf } from './evtx.errors.js';
import { readFiletime } from './binxml.values.js';
import type { EvtxFileHeader, EvtxIssue, EvtxItem, EvtxReadOptions } from './evtx.types.js';

export const FILE_HEADER_SIZE = 4096;
export const CHUNK_SIZE = 65536;
const CHUNK_HEADER_SIZE = 512;
const RECORD_MAGIC = 0x00002a2a;
const MIN_RECORD_SIZE = 28;

const FILE_MAGIC = Buffer.from('ElfFile\0', 'latin1');
const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');

function u64(buf: Buffer, o: number): number | bigint {
  const v = buf.readBigUInt64LE(o);
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

export type FileHeaderResult =
  { ok: true; header: EvtxFileHeader; issues: EvtxIssue[] } | { ok: false; issues: EvtxIssue[] };

/** Decode the file header (first 4096 bytes; only the first 128 are meaningful). */
export function decodeFileHeader(buf: Buffer, options: EvtxReadOptions = {}): FileHeaderResult {
  if (buf.length < 128) {
    return {
      ok: false,
      issues: [
        { kind: 'issue', offset: 0, chunk: -1, reason: `file header truncated: ${buf.length} of 128 bytes` },
      ],
    };
  }
  if (!buf.subarray(0, 8).equals(FILE_MAGIC)) {
    return {
      ok: false,
      issues: [
        { kind: 'issue', offset: 0, chunk: -1, reason: 'bad file header magic (expected "ElfFile\\0")' },
      ],
    };
  }
  const issues: EvtxIssue[] = [];
  const stored = buf.readUInt32LE(124);
  const computed = crc32(buf.subarray(0, 120));
  const checksumOk = stored === computed;
  if (!checksumOk && options.checksums !== false) {
    issues.push({
      kind: 'issue',
      offset: 124,
      chunk: -1,
      reason: `file header checksum mismatch: stored 0x${stored.toString(16)}, computed 0x${computed.toString(16)}`,
    });
  }
  const header: EvtxFileHeader = {
    firstChunk: u64(buf, 8),
    lastChunk: u64(buf, 16),
    nextRecordId: u64(buf, 24),
    headerSize: buf.readUInt32LE(32),
    minorVersion: buf.readUInt16LE(36),
    majorVersion: buf.readUInt16LE(38),
    headerBlockSize: buf.readUInt16LE(40),
    chunkCount: buf.readUInt16LE(42),
    flags: buf.readUInt32LE(120),
    checksumOk,
  };
  return { ok: true, header, issues };
}

function isZero(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== 0) return false;
  return true;
}

function validRecordAt(buf: Buffer, o: number, limit: number): boolean {
  if (o + MIN_RECORD_SIZE > limit || buf.readUInt32LE(o) !== RECORD_MAGIC) return false;
  const size = buf.readUInt32LE(o + 4);
  return size >= MIN_RECORD_SIZE && o + size <= limit && buf.readUInt32LE(o + size - 4) === size;
}

/** Next offset after `from` holding a plausible record, or -1. */
function resync(buf: Buffer, from: number, limit: number): number {
  for (let o = from; o + MIN_RECORD_SIZE <= limit; o++) {
    if (
      buf[o] === 0x2a &&
      buf[o + 1] === 0x2a &&
      buf[o + 2] === 0 &&
      buf[o + 3] === 0 &&
      validRecordAt(buf, o, limit)
    )
      return o;
  }
  return -1;
}

/**
 * Decode one chunk (`buf` is the chunk's bytes, possibly shorter than 64 KiB when the file is
 * truncated). `base` is the chunk's file offset, used to report absolute offsets.
 */
export function* decodeChunk(
  buf: Buffer,
  index: number,
  base: number,
  options: EvtxReadOptions = {},
): Generator<EvtxItem> {
  const issue = (at: number, reason: string, recordId?: number | bigint): EvtxIssue =>
    recordId === undefined
      ? { kind: 'issue', offset: base + at, chunk: index, reason }
      : { kind: 'issue', offset: base + at, chunk: index, reason, recordId };

  if (buf.length < CHUNK_HEADER_SIZE) {
    if (!isZero(buf, 0, buf.length))
      yield issue(0, `chunk truncated: ${buf.length} bytes, header needs ${CHUNK_HEADER_SIZE}`);
    return;
  }
  if (!buf.subarray(0, 8).equals(CHUNK_MAGIC)) {
    if (!isZero(buf, 0, CHUNK_HEADER_SIZE))
      yield issue(0, 'bad chunk magic (expected "ElfChnk\\0"), chunk skipped');
    return;
  }
  if (buf.length < CHUNK_SIZE)
    yield issue(buf.length, `chunk truncated: ${buf.length} of ${CHUNK_SIZE} bytes`);

  let freeSpace = buf.readUInt32LE(48);
  if (freeSpace < CHUNK_HEADER_SIZE || freeSpace > CHUNK_SIZE) {
    yield issue(48, `chunk free-space offset ${freeSpace} out of range, scanning the whole chunk`);
    freeSpace = CHUNK_SIZE;
  }
  if (options.checksums !== false) {
    const storedHeader = buf.readUInt32LE(124);
    const header = crc32(buf.subarray(128, CHUNK_HEADER_SIZE), crc32(buf.subarray(0, 120)));
    if (storedHeader !== header) {
      yield issue(
        124,
        `chunk header checksum mismatch: stored 0x${storedHeader.toString(16)}, computed 0x${header.toString(16)}`,
      );
    }
    if (freeSpace <= buf.length) {
      const storedData = buf.readUInt32LE(52);
      const data = crc32(buf.subarray(CHUNK_HEADER_SIZE, freeSpace));
      if (storedData !== data) {
        yield issue(
          52,
          `chunk records checksum mismatch: stored 0x${storedData.toString(16)}, computed 0x${data.toString(16)}`,
        );
      }
    }
  }

  const limit = Math.min(freeSpace, buf.length);
  const ctx = newChunkContext(buf);
  let o = CHUNK_HEADER_SIZE;
  while (o + MIN_RECORD_SIZE <= limit) {
    if (!validRecordAt(buf, o, limit)) {
      if (isZero(buf, o, Math.min(o + 8, limit))) break;
      const magic = buf.readUInt32LE(o);
      const size = buf.readUInt32LE(o + 4);
      const next = resync(buf, o + 1, limit);
      const problem =
        magic !== RECORD_MAGIC
          ? `bad record magic 0x${magic.toString(16)}`
          : size >= MIN_RECORD_SIZE && o + size > limit
            ? `record of ${size} bytes runs past the end of the ${limit < freeSpace ? 'available data' : 'used chunk space'} (${limit})`
            : `bad record size ${size}`;
      yield issue(o, problem + (next < 0 ? ', rest of chunk skipped' : `, resumed at chunk offset ${next}`));
      if (next < 0) break;
      o = next;
      continue;
    }
    const size = buf.readUInt32LE(o + 4);
    const recordId = u64(buf, o + 8);
    try {
      const roots = parseFragment(ctx, o + 24, o + size - 4, false);
      if (roots.length === 0) yield issue(o, 'record holds no XML element', recordId);
      else {
        yield {
          kind: 'record',
          chunk: index,
          offset: base + o,
          recordId,
          timestamp: readFiletime(buf, o + 16),
          event: renderRecordJson(roots[0]),
        };
      }
    } catch (err) {
      yield issue(o, `record ${recordId}: ${reasonOf(err)}`, recordId);
    }
    o += size;
  }
}
