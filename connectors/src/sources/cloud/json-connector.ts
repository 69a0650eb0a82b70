/**
 * Builds a Connector for a JSON-record source: reading (line, `message`, `event.original` or structured object),
 * never-throwing mapping, and the common finishing step. Each source only supplies `map` and `detect`.
 */
import type {
  Connector,
  EcsDocument,
  InputFormat,
  ParseContext,
  ParseOutcome,
  RawRecord,
  SigmaLogsource,
} from '../../connector.js';
import { detectText, finish, readRecord, type Json } from './json-record.js';

export interface JsonSourceSpec {
  id: string;
  name: string;
  vendor: string;
  product: string;
  logsources: SigmaLogsource[];
  elasticFixtures: string[];
  formats?: InputFormat[];
  /** Pre-parsed envelope key used by some shippers (the record sits under it). */
  wrapperKey?: string;
  /** Observer set on every event (EDR/e-mail products); omit for pure audit sources. */
  observer?: { vendor: string; product: string; type?: string };
  /**
   * Maps one record to an ECS document plus its Sigma logsource; returns a string reason to reject,
   * or `{ skip }` for records that are not events (e.g. an empty API page).
   */
  map(
    record: Json,
    ctx: ParseContext,
  ): { doc: EcsDocument; logsource: SigmaLogsource } | string | { skip: string };
  /** Confidence from the record's text; must be cheap. */
  detect(text: string): number;
}

export function jsonConnector(spec: JsonSourceSpec): Connector {
  return {
    id: spec.id,
    name: spec.name,
    vendor: spec.vendor,
    product: spec.product,
    logsources: spec.logsources,
    formats: spec.formats ?? ['json', 'ndjson'],
    elasticFixtures: spec.elasticFixtures,
    parse(raw: RawRecord, ctx: ParseContext): ParseOutcome {
      if (typeof raw === 'string' && raw.trim() === '')
        return { kind: 'skip', reason: `${spec.id}: empty line` };
      const read = readRecord(raw, spec.wrapperKey);
      if (typeof read === 'string') return { kind: 'reject', reason: `${spec.id}: ${read}` };
      let mapped: ReturnType<JsonSourceSpec['map']>;
      try {
        mapped = spec.map(read.record, ctx);
      } catch (err) {
        return {
          kind: 'reject',
          reason: `${spec.id}: mapping failed: ${(err as Error)?.message ?? String(err)}`,
        };
      }
      if (typeof mapped === 'string') return { kind: 'reject', reason: `${spec.id}: ${mapped}` };
      if ('skip' in mapped) return { kind: 'skip', reason: `${spec.id}: ${mapped.skip}` };
      const doc = finish(mapped.doc, read.original, ctx, {
        logsource: mapped.logsource,
        observer: spec.observer,
      });
      return { kind: 'event', event: doc };
    },
    detect(raw: RawRecord): number {
      const text = detectText(raw);
      if (!text || !text.trimStart().startsWith('{')) return 0;
      return spec.detect(text);
    },
  };
}
