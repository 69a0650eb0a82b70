/** Generic log formats, reusable by every connector family. (`syslog.ts` is exported from the package index.) */
export {
  cefCustomLabels,
  parseCef,
  parseCefExtension,
  type CefRecord,
  type CefResult,
} from './cef.parser.js';
export { cefToEcs, CEF_TO_ECS } from './cef.ecs.js';
export { parseLeef, LEEF_TO_ECS, type LeefRecord, type LeefResult } from './leef.parser.js';
export { parseColonPairs, parseKv, type KvOptions, type KvResult } from './kv.parser.js';
export { parseCsvLine, type CsvOptions, type CsvResult } from './csv.parser.js';
export { detectTimestamp, parseJsonObject, TIMESTAMP_FIELDS, type JsonResult } from './json.parser.js';
export { parseSyslogHeader, type SyslogHeader } from './syslog.js';
