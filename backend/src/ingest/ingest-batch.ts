import type { RecordMeta } from './record-meta.js';

/** The payload of an `ingest.batch` job: raw records from one delivery, for one tenant and one source. */
export interface IngestBatch {
  tenant: string;
  /** Connector id, or `auto` to detect it per record. */
  source: string;
  /** Records as received: text lines or JSON objects. */
  records: (string | Record<string, unknown>)[];
  /** Identifies the delivery; with the record's position it makes each event id deterministic. */
  deliveryId: string;
  /** Position of each record within the delivery (line index), same length as `records`. */
  positions: number[];
  /** Connector options (e.g. `timezone`). */
  options?: Record<string, unknown>;
  receivedAt: string;
  /**
   * The distinct transport envelopes of the batch's records (see record-meta.ts). Absent when no record has one —
   * and in batches enqueued before envelopes existed, which process exactly as before.
   */
  metas?: RecordMeta[];
  /** Per record, the index of its envelope in `metas`, or -1; same length as `records`; present with `metas`. */
  metaIndex?: number[];
}
