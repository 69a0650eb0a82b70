export type {
  EvtxFileHeader,
  EvtxIssue,
  EvtxItem,
  EvtxJson,
  EvtxReadOptions,
  EvtxRecord,
} from './evtx.types.js';
export { readEvtxBuffer, readEvtxRecords, type EvtxHeaderItem, type EvtxStreamItem } from './evtx.reader.js';
export { readEvtxFile } from './evtx.file.js';
export { decodeFileHeader, decodeChunk, CHUNK_SIZE, FILE_HEADER_SIZE } from './evtx.chunk.js';
export { stringifyEvtxJson } from './binxml.json.js';
