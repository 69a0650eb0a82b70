/**
 * Public types of the EVTX reader. Everything the reader yields is data: decoded records or
 * issues (`{ offset, chunk, reason }`) for what could not be decoded. The iterator never throws.
 */

/** JSON value as printed by `evtx_dump -o json`; integers beyond 2^53 are kept exact as bigint. */
export type EvtxJson = null | boolean | number | bigint | string | EvtxJson[] | { [key: string]: EvtxJson };

export interface EvtxRecord {
  kind: 'record';
  /** Index of the chunk in the file (0-based). */
  chunk: number;
  /** Absolute byte offset of the record in the file. */
  offset: number;
  /** EventRecordID from the record header. */
  recordId: number | bigint;
  /** Record header timestamp (FILETIME), ISO-8601 with microseconds, UTC. */
  timestamp: string;
  /** The record in `evtx_dump -o json` shape: `{ Event: { '#attributes': …, System: …, EventData: … } }`. */
  event: { [key: string]: EvtxJson };
}

export interface EvtxIssue {
  kind: 'issue';
  /** Absolute byte offset in the file where the problem was found. */
  offset: number;
  /** Chunk index, or -1 for the file header. */
  chunk: number;
  reason: string;
  /** Record id when the problem concerns one record. */
  recordId?: number | bigint;
}

export type EvtxItem = EvtxRecord | EvtxIssue;

export interface EvtxFileHeader {
  firstChunk: number | bigint;
  lastChunk: number | bigint;
  nextRecordId: number | bigint;
  headerSize: number;
  minorVersion: number;
  majorVersion: number;
  headerBlockSize: number;
  chunkCount: number;
  flags: number;
  checksumOk: boolean;
}

export interface EvtxReadOptions {
  /** Verify the file-header and chunk CRC32 checksums and report mismatches as issues (default true). */
  checksums?: boolean;
}
