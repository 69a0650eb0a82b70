/**
 * File-reading helper: the only part of the EVTX reader that touches the file system. Reads the
 * file 64 KiB at a time and hands the pieces to the Buffer-based decoder.
 */
import { createReadStream } from 'node:fs';
import { CHUNK_SIZE } from './evtx.chunk.js';
import { readEvtxRecords, type EvtxStreamItem } from './evtx.reader.js';
import type { EvtxReadOptions } from './evtx.types.js';

export function readEvtxFile(path: string, options: EvtxReadOptions = {}): AsyncGenerator<EvtxStreamItem> {
  return readEvtxRecords(createReadStream(path, { highWaterMark: CHUNK_SIZE }), options);
}
