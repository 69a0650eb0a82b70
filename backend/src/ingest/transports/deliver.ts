import { randomUUID } from 'node:crypto';
import type { RawRecord } from '@vigie/connectors';
import { ErrorCode, VigieError } from '../../common/errors.js';
import type { RecordMeta } from '../record-meta.js';
import { groupByTarget, type IngestTarget } from './ingest-target.js';
import type { IngestRecordsFn } from './record-batcher.js';

/** One record (or transport-level reject) of a request, with where it goes and its position in the request. */
export interface DeliveryItem {
  target: IngestTarget;
  position: number;
  record?: RawRecord;
  /** The record's envelope (sender's time, host, labels…), see record-meta.ts. */
  meta?: RecordMeta;
  reject?: { raw: string; reason: string };
}

export interface DeliveryOutcome {
  accepted: number;
  rejected: number;
  /** Positions whose group could not be handed over, with the error (back-pressure, storage down…). */
  failed: Map<number, Error>;
}

/** Longest raw text kept for a transport reject. */
export const MAX_REJECT_RAW = 64 * 1024;

export function isBackpressure(err: unknown): boolean {
  return err instanceof VigieError && err.code === ErrorCode.Backpressure;
}

/**
 * Hands the records of one HTTP request to ingest, one `ingestRecords` call per (tenant, source), all under one
 * delivery id so every event id is tied to its position in the request. Never throws: failed groups are reported.
 */
export async function deliver(
  ingest: IngestRecordsFn,
  items: DeliveryItem[],
  prefix: string,
  deliveryId = `${prefix}-${randomUUID()}`,
): Promise<DeliveryOutcome> {
  const out: DeliveryOutcome = { accepted: 0, rejected: 0, failed: new Map() };
  for (const { target, items: group } of groupByTarget(items).values()) {
    const records = group
      .filter((i) => i.record !== undefined)
      .map((i) => ({ position: i.position, record: i.record!, meta: i.meta }));
    const rejected = group
      .filter((i) => i.reject)
      .map((i) => ({
        position: i.position,
        raw: i.reject!.raw.slice(0, MAX_REJECT_RAW),
        reason: i.reject!.reason,
      }));
    try {
      const r = await ingest({ tenant: target.tenant, source: target.source, records, rejected, deliveryId });
      out.accepted += r.accepted;
      out.rejected += r.rejected;
    } catch (err) {
      for (const i of group) out.failed.set(i.position, err as Error);
    }
  }
  return out;
}
