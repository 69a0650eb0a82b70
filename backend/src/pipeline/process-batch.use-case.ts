import { Inject, Injectable } from '@nestjs/common';
import {
  detectConnector,
  getConnector,
  safeParse,
  type Connector,
  type SigmaLogsource,
} from '@vigie/connectors';
import { childLogger } from '../common/logger.js';
import { toStoredEvent, type StoredEvent } from '../events/event.model.js';
import { deadLetter } from '../ingest/dead-letter.js';
import type { IngestBatch } from '../ingest/ingest-batch.js';
import { AUTO_SOURCE } from '../ingest/ingest.service.js';
import { applyRecordMeta, type RecordMeta } from '../ingest/record-meta.js';
import type { StoragePort } from '../storage/storage.port.js';
import { STORAGE } from '../tokens.js';
import { EventStageRegistry } from './event-stage.js';

export interface BatchOutcome {
  stored: number;
  skipped: number;
  rejected: number;
}

/** Auto-detection below this confidence leaves the record to the dead-letter store rather than guess. */
const MIN_DETECT_CONFIDENCE = 0.3;

function detectFor(record: string): Connector | undefined {
  const d = detectConnector(record);
  return d.confidence >= MIN_DETECT_CONFIDENCE ? getConnector(d.id) : undefined;
}

/** The sender's time of each envelope of a batch, as the parsers' "now" (undefined: none, or not a date). */
function envelopeTimes(metas: readonly RecordMeta[]): (Date | undefined)[] {
  const out: (Date | undefined)[] = new Array(metas.length);
  for (let i = 0; i < metas.length; i++) {
    const t = metas[i].time ? new Date(metas[i].time!) : undefined;
    out[i] = t && !Number.isNaN(t.getTime()) ? t : undefined;
  }
  return out;
}

const validTimestamp = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v));

/**
 * The pipeline stage run by workers for each `ingest.batch` job: parse every record with its connector, turn it
 * into a stored event (deterministic id, tenant and connector tags), run the registered event stages (enrichment,
 * detection) on the batch, store it, and dead-letter what could not be parsed or stored — with its reason — while
 * the rest of the batch goes on.
 *
 * A record with a transport envelope (`batch.metas`) is parsed with the envelope's time as "now" — so a record that
 * carries no timestamp gets the sender's, and year-less syslog timestamps are resolved against it — and the
 * envelope then fills what the connector left empty (`applyRecordMeta`). The envelope never enters the event id.
 */
@Injectable()
export class ProcessBatchUseCase {
  private readonly log = childLogger('pipeline');

  constructor(
    @Inject(STORAGE) private readonly storage: StoragePort,
    @Inject(EventStageRegistry) private readonly stages: EventStageRegistry,
  ) {}

  async execute(batch: IngestBatch): Promise<BatchOutcome> {
    const now = new Date();
    const fixed = batch.source === AUTO_SOURCE ? undefined : getConnector(batch.source);
    const events: StoredEvent[] = [];
    const rejects: { raw: string; position: string; reason: string; source: string }[] = [];
    let skipped = 0;
    const metaTimes = batch.metas && batch.metaIndex ? envelopeTimes(batch.metas) : undefined;
    batch.records.forEach((record, i) => {
      const slot = metaTimes ? batch.metaIndex![i] : -1;
      const meta = slot >= 0 ? batch.metas![slot] : undefined;
      const raw = typeof record === 'string' ? record : JSON.stringify(record);
      const position = `${batch.deliveryId}:${batch.positions[i]}`;
      const connector = fixed ?? detectFor(raw);
      if (!connector) {
        rejects.push({
          raw,
          position,
          source: batch.source,
          reason: 'no connector recognises this record (source auto)',
        });
        return;
      }
      const outcome = safeParse(connector, record, {
        options: batch.options ?? {},
        now: (meta && metaTimes![slot]) || now,
      });
      if (outcome.kind === 'skip') skipped++;
      else if (outcome.kind === 'reject')
        rejects.push({ raw, position, source: connector.id, reason: outcome.reason });
      else {
        const logsource =
          (outcome.event.vigie as { logsource?: SigmaLogsource } | undefined)?.logsource ??
          connector.logsources[0];
        const hadTimestamp = meta ? validTimestamp(outcome.event['@timestamp']) : true;
        const stored = toStoredEvent(
          outcome.event,
          { tenant: batch.tenant, connector: connector.id, raw, position, logsource },
          now,
        );
        if (meta) applyRecordMeta(stored.doc, meta, hadTimestamp);
        events.push(stored);
      }
    });
    for (const stage of this.stages.list()) await stage.run({ tenant: batch.tenant, events });
    const result = await this.storage.writeEvents(batch.tenant, events);
    const byId = new Map(events.map((e) => [e.id, e]));
    for (const f of result.failed) {
      const e = byId.get(f.id)!;
      rejects.push({
        raw: e.doc.event.original ?? JSON.stringify(e.doc),
        position: f.id,
        source: e.doc.vigie.connector,
        reason: `store: ${f.reason}`,
      });
    }
    for (const r of rejects) {
      const dl = deadLetter(
        {
          tenant: batch.tenant,
          source: r.source,
          stage: r.reason.startsWith('store:') ? 'store' : 'parse',
          reason: r.reason,
          raw: r.raw,
          position: r.position,
          received_at: batch.receivedAt,
        },
        now,
      );
      await this.storage.putDocument(batch.tenant, 'deadletter', dl.id, dl.doc, { searchable: false });
    }
    if (rejects.length)
      this.log.info(
        { tenant: batch.tenant, source: batch.source, rejected: rejects.length },
        'records dead-lettered',
      );
    return { stored: result.written, skipped, rejected: rejects.length };
  }
}
