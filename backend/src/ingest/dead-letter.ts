import { createHash } from 'node:crypto';

/** A record Vigie could not accept, kept with its reason in the tenant's `deadletter` collection. */
export interface DeadLetterRecord extends Record<string, unknown> {
  tenant: string;
  source: string;
  stage: 'ingest' | 'parse' | 'store';
  reason: string;
  /** The raw record (cut to 64 KiB). */
  raw: string;
  raw_size: number;
  position: string;
  received_at: string;
  failed_at: string;
}

const MAX_RAW = 64 * 1024;

/** Builds a dead-letter document with a deterministic id (a retried batch does not add it twice). */
export type DeadLetterInput = Pick<
  DeadLetterRecord,
  'tenant' | 'source' | 'stage' | 'reason' | 'raw' | 'position' | 'received_at'
>;

export function deadLetter(fields: DeadLetterInput, now: Date): { id: string; doc: DeadLetterRecord } {
  const id = createHash('sha256')
    .update(
      `${fields.tenant}\u0000${fields.source}\u0000${fields.position}\u0000${fields.stage}\u0000${fields.raw}`,
    )
    .digest('base64url')
    .slice(0, 32);
  return {
    id,
    doc: {
      tenant: fields.tenant,
      source: fields.source,
      stage: fields.stage,
      reason: fields.reason,
      position: fields.position,
      received_at: fields.received_at,
      raw: fields.raw.length > MAX_RAW ? fields.raw.slice(0, MAX_RAW) : fields.raw,
      raw_size: Buffer.byteLength(fields.raw),
      failed_at: now.toISOString(),
    },
  };
}
