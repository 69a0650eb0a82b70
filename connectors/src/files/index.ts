export {
  readFileRecords,
  sniffTextFormat,
  plainJson,
  type FileFormat,
  type FileItem,
  type FileRecordOptions,
} from './file-records.js';
export {
  MULTILINE_SOURCES,
  multilinePatternFor,
  joinMultiline,
  joinMultilineAsync,
  type JoinedLine,
} from './multiline.js';
export {
  scanJsonValues,
  recordsOfLine,
  recordsOfValue,
  wrappedRecords,
  WRAPPER_KEYS,
  type JsonItem,
} from './json-values.js';
export { textLines, type TextLine } from './text-lines.js';
export { readZip, isZip, type ZipItem } from './zip.js';
export { readTar, isTar, type TarItem } from './tar.js';
export { peek, collect, type ByteSource } from './byte-source.js';
export { writeZip } from './zip.writer.js';
