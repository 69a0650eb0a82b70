/**
 * Streaming EVTX reader over Buffers. `readEvtxBuffer` walks an in-memory file;
 * `readEvtxRecords` consumes any async stream of byte pieces and holds at most one chunk
 * (64 KiB) plus one incoming piece, so memory does not grow with the file.
 * Neither ever throws: decoding problems are yielded as `{ kind: 'issue' }` items.
 */
import { CHUNK_SIZE, FILE_HEADER_SIZE, decodeChunk, decodeFileHeader } from './evtx.chunk.js';
import { reasonOf } from './evtx.errors.js';
import type { EvtxFileHeader, EvtxItem, EvtxReadOptions } from './evtx.types.js';

/** Item announcing a readable file header; comes first when the header decodes. */
export interface EvtxHeaderItem {
  kind: 'header';
  header: EvtxFileHeader;
}

export type EvtxStreamItem = EvtxItem | EvtxHeaderItem;

function* headerItems(buf: Buffer, options: EvtxReadOptions): Generator<EvtxStreamItem> {
  const res = decodeFileHeader(buf, options);
  if (res.ok) yield { kind: 'header', header: res.header };
  yield* res.issues;
}

/** A file shorter than its 4 KiB header: decode what is there, then report the truncation. */
function* truncatedHeader(buf: Buffer, options: EvtxReadOptions): Generator<EvtxStreamItem> {
  const res = decodeFileHeader(buf, options);
  if (res.ok) yield { kind: 'header', header: res.header };
  yield* res.issues;
  if (res.ok || buf.length === 0) {
    yield {
      kind: 'issue',
      offset: buf.length,
      chunk: -1,
      reason: `file truncated inside the file header (${buf.length} of ${FILE_HEADER_SIZE} bytes), no chunk`,
    };
  }
}

function* safeChunk(buf: Buffer, index: number, base: number, options: EvtxReadOptions): Generator<EvtxItem> {
  try {
    yield* decodeChunk(buf, index, base, options);
  } catch (err) {
    yield { kind: 'issue', offset: base, chunk: index, reason: `chunk ${index}: ${reasonOf(err)}` };
  }
}

/** Decode a whole EVTX file held in memory. */
export function* readEvtxBuffer(data: Uint8Array, options: EvtxReadOptions = {}): Generator<EvtxStreamItem> {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < FILE_HEADER_SIZE) {
    yield* truncatedHeader(buf, options);
    return;
  }
  yield* headerItems(buf.subarray(0, FILE_HEADER_SIZE), options);
  for (let base = FILE_HEADER_SIZE, i = 0; base < buf.length; base += CHUNK_SIZE, i++) {
    yield* safeChunk(buf.subarray(base, Math.min(base + CHUNK_SIZE, buf.length)), i, base, options);
  }
}

/**
 * Decode an EVTX file from a Buffer or an async stream of byte pieces (e.g. a file read stream
 * with a 64 KiB highWaterMark).
 */
export async function* readEvtxRecords(
  source: Uint8Array | AsyncIterable<Uint8Array>,
  options: EvtxReadOptions = {},
): AsyncGenerator<EvtxStreamItem> {
  if (source instanceof Uint8Array) {
    yield* readEvtxBuffer(source, options);
    return;
  }
  let pending: Buffer[] = [];
  let pendingLen = 0;
  let offset = 0; // file offset of the first pending byte
  let chunkIndex = -1; // -1 while waiting for the file header
  const take = (n: number): Buffer => {
    const all = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingLen);
    const out = all.subarray(0, n); // decoded records hold strings only, never views of this buffer
    const rest = all.subarray(n);
    pending = rest.length > 0 ? [rest] : [];
    pendingLen = rest.length;
    offset += n;
    return out;
  };
  try {
    for await (const piece of source) {
      const b = Buffer.isBuffer(piece)
        ? piece
        : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      if (b.length === 0) continue;
      pending.push(b);
      pendingLen += b.length;
      if (chunkIndex < 0 && pendingLen >= FILE_HEADER_SIZE) {
        yield* headerItems(take(FILE_HEADER_SIZE), options);
        chunkIndex = 0;
      }
      while (chunkIndex >= 0 && pendingLen >= CHUNK_SIZE) {
        const base = offset;
        yield* safeChunk(take(CHUNK_SIZE), chunkIndex++, base, options);
      }
    }
  } catch (err) {
    yield {
      kind: 'issue',
      offset: offset + pendingLen,
      chunk: chunkIndex,
      reason: `read error: ${reasonOf(err)}`,
    };
    if (chunkIndex < 0 && pendingLen === 0) return;
  }
  if (chunkIndex < 0) {
    yield* truncatedHeader(pendingLen > 0 ? take(pendingLen) : Buffer.alloc(0), options);
    return;
  }
  if (pendingLen > 0) {
    const base = offset;
    yield* safeChunk(take(pendingLen), chunkIndex, base, options);
  }
}
