import { createHash } from 'node:crypto';
import { fromFlat, toFlat, type EcsDocument, type SigmaLogsource } from '@vigie/connectors';

/** Vigie's own metadata on every stored event (`vigie.*`). */
export interface VigieMeta {
  tenant: string;
  /** Connector id that parsed the event (`cisco-asa`, `windows-security`, …). */
  connector: string;
  /** Size in bytes of the raw record as received. */
  raw_size: number;
  /** Sigma logsource of the event, used to route Sigma rules. */
  logsource?: SigmaLogsource;
}

/** The ECS fields Vigie reads itself; everything else a connector emits is kept as is. */
export interface VigieEvent extends EcsDocument {
  '@timestamp': string;
  event: {
    id?: string;
    kind?: string;
    category?: string | string[];
    type?: string | string[];
    outcome?: string;
    action?: string;
    code?: string;
    dataset?: string;
    original?: string;
    /** When the source produced or the connector read the event. */
    created?: string;
    /** When Vigie stored it. */
    ingested?: string;
    [key: string]: unknown;
  };
  vigie: VigieMeta;
  message?: string;
}

/** A stored event with its deterministic id. */
export interface StoredEvent {
  id: string;
  doc: VigieEvent;
}

/**
 * Deterministic event id: SHA-256 of tenant, source, raw record and its position, so a retried write of the same
 * batch never creates a second copy. `position` identifies the record within its delivery (request id + line
 * index, or file path + record index).
 */
export function eventId(tenant: string, source: string, raw: string, position: string): string {
  return createHash('sha256')
    .update(tenant)
    .update('\u0000')
    .update(source)
    .update('\u0000')
    .update(position)
    .update('\u0000')
    .update(raw)
    .digest('base64url')
    .slice(0, 32);
}

/** Expands literal dotted keys (`{"source.ip": …}`) into nested objects, the one shape both stores keep. */
export function normalizeDocument(doc: EcsDocument): EcsDocument {
  return fromFlat(toFlat(doc));
}

/** Builds the stored event: normalizes the shape and stamps `vigie.*`, `event.id`, `event.ingested`. */
export function toStoredEvent(
  parsed: EcsDocument,
  meta: { tenant: string; connector: string; raw: string; position: string; logsource?: SigmaLogsource },
  now: Date,
): StoredEvent {
  const doc = normalizeDocument(parsed) as VigieEvent;
  const id = eventId(meta.tenant, meta.connector, meta.raw, meta.position);
  const ingested = now.toISOString();
  doc.event = { ...(doc.event ?? {}), id, ingested };
  doc.event.created ??= ingested;
  if (typeof doc['@timestamp'] !== 'string' || Number.isNaN(Date.parse(doc['@timestamp']))) {
    doc['@timestamp'] = doc.event.created;
  }
  const existing = (doc.vigie ?? {}) as Partial<VigieMeta>;
  doc.vigie = {
    ...existing,
    tenant: meta.tenant,
    connector: meta.connector,
    raw_size: Buffer.byteLength(meta.raw),
    logsource: existing.logsource ?? meta.logsource,
  };
  return { id, doc };
}
