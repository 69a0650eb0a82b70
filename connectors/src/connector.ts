/**
 * The connector contract: one log source (vendor/product), the Sigma logsources it feeds, and a parser that
 * turns one raw record into one ECS document — or a reject with a reason, never an exception.
 */

/** A Sigma logsource triple, used to route Sigma rules to the events of this connector. */
export interface SigmaLogsource {
  product?: string;
  category?: string;
  service?: string;
}

/** A nested ECS document (`{ source: { ip } }`), the same shape Elasticsearch stores. */
export type EcsDocument = Record<string, unknown>;

/** One raw record as it reaches a parser: a text line, or an already structured JSON object. */
export type RawRecord = string | Record<string, unknown>;

export type InputFormat =
  'syslog' | 'text' | 'json' | 'ndjson' | 'csv' | 'xml' | 'evtx' | 'cef' | 'leef' | 'kv' | 'w3c';

/** Per-source options, e.g. `timezone=Europe/Paris` for sources whose timestamps carry no zone. */
export interface ConnectorOptions {
  /** Offset (`-04:00`, `+0200`), IANA name (`Europe/Paris`) or `GMT+2`; applies to zone-less timestamps. */
  timezone?: string;
  /** Keep the raw text in `event.original` (default true). */
  keepOriginal?: boolean;
  /** Year used for year-less syslog timestamps (default: the year that puts the event closest to `now`). */
  year?: number;
  [key: string]: unknown;
}

export interface ParseContext {
  options: ConnectorOptions;
  /** The reference "now" for year-less timestamps and `event.created`; injectable for tests. */
  now: Date;
}

export type ParseOutcome =
  | { kind: 'event'; event: EcsDocument }
  /** Not an event and not an error: a header or comment line (e.g. `#Fields:` in IIS/Zeek). */
  | { kind: 'skip'; reason: string }
  | { kind: 'reject'; reason: string };

export interface Connector {
  /** Stable id used in URLs and the CLI, kebab-case: `cisco-asa`, `windows-security`. */
  id: string;
  name: string;
  vendor: string;
  product: string;
  logsources: SigmaLogsource[];
  formats: InputFormat[];
  /** Elastic integration fixtures (`<pkg>/<data_stream>`) whose expected ECS output this connector answers to. */
  elasticFixtures: string[];
  /** Parses one record. Must never throw: the registry wraps it anyway and turns a throw into a reject. */
  parse(raw: RawRecord, ctx: ParseContext): ParseOutcome;
  /**
   * Confidence in [0, 1] that this record belongs to this source (used by auto-detection). Cheap checks only.
   */
  detect(raw: RawRecord): number;
}
