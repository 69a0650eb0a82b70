export type {
  Connector,
  ConnectorOptions,
  EcsDocument,
  InputFormat,
  ParseContext,
  ParseOutcome,
  RawRecord,
  SigmaLogsource,
} from './connector.js';
export { connectors, connectorIds, getConnector, safeParse } from './registry.js';
export { appendUnique, fromFlat, getField, setField, toFlat, toInt } from './util/ecs.js';
export { assertTimezone, TimezoneError, parseIsoLike, wallClockToDate, fromEpoch } from './util/time.js';
export { parseSyslogHeader, type SyslogHeader } from './formats/syslog.js';
export * from './evtx/index.js';
export { detectConnector, DETECT_SAMPLE_SIZE, type Detection } from './detect.js';
export * from './formats/index.js';
export * from './files/index.js';
