import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { connectorIds } from '@vigie/connectors';
import { ErrorCode, VigieError } from '../common/errors.js';
import type { VigieConfig } from '../config/config.schema.js';
import type { QueuePort } from '../queue/queue.port.js';
import type { StoragePort } from '../storage/storage.port.js';
import { CONFIG, QUEUE, STORAGE } from '../tokens.js';
import { deadLetter } from './dead-letter.js';
import { packRecordMetas, type RecordMeta } from './record-meta.js';
import { splitRecords } from './record-splitter.js';

export interface IngestCommand {
  tenant: string;
  source: string;
  /** Decoded body text. */
  text: string;
  ndjson: boolean;
  /** Client idempotency key (`Idempotency-Key` header); a retried request with the same key is not stored twice. */
  deliveryId?: string;
  options?: Record<string, unknown>;
}

export interface IngestRecordsCommand {
  tenant: string;
  source: string;
  records: {
    position: number;
    record: string | Record<string, unknown>;
    /**
     * What the transport knew about the record besides its text (sender's time and host, HEC source/sourcetype/
     * index, OTLP attributes…). Validated here; invalid fields are dropped. Records may share one object.
     */
    meta?: RecordMeta;
  }[];
  /** Records the transport could not turn into records (bad frame, bad JSON…), dead-lettered with the reason. */
  rejected?: { position: number; raw: string; reason: string }[];
  deliveryId?: string;
  options?: Record<string, unknown>;
}

export interface IngestResult {
  accepted: number;
  rejected: number;
  batches: number;
  delivery_id: string;
  rejects: { line: number; reason: string }[];
}

/** `auto` asks the pipeline to detect the connector of each record. */
export const AUTO_SOURCE = 'auto';

/**
 * Accepts raw records for one tenant and source: validates the source, splits the body, dead-letters the lines
 * that cannot be records, and enqueues the rest in batches. Parsing happens in the pipeline workers.
 */
@Injectable()
export class IngestService {
  constructor(
    @Inject(CONFIG) private readonly config: VigieConfig,
    @Inject(QUEUE) private readonly queue: QueuePort,
    @Inject(STORAGE) private readonly storage: StoragePort,
  ) {}

  knownSources(): string[] {
    return [AUTO_SOURCE, ...connectorIds()];
  }

  assertSource(source: string): void {
    if (!this.knownSources().includes(source)) {
      throw new VigieError(ErrorCode.NotFound, `unknown source "${source}"`, {
        known_sources: this.knownSources(),
      });
    }
  }

  /** Text body: one record per line (NDJSON lines must be JSON objects). */
  async ingest(cmd: IngestCommand): Promise<IngestResult> {
    this.assertSource(cmd.source);
    const { records, rejected } = splitRecords(cmd.text, cmd.ndjson);
    return this.ingestRecords({
      tenant: cmd.tenant,
      source: cmd.source,
      records: records.map((r) => ({ position: r.index, record: r.record })),
      rejected: rejected.map((r) => ({ position: r.index, raw: r.raw, reason: r.reason })),
      deliveryId: cmd.deliveryId,
      options: cmd.options,
    });
  }

  /**
   * Records already split by a transport (syslog frames, HEC events, `_bulk` documents, OTLP log records, file
   * import): dead-letters the ones the transport rejected and enqueues the rest in batches. `position` identifies a
   * record within its delivery, so a retried delivery yields the same event ids.
   */
  async ingestRecords(cmd: IngestRecordsCommand): Promise<IngestResult> {
    this.assertSource(cmd.source);
    await this.assertCapacity();
    const deliveryId = cmd.deliveryId ?? randomUUID();
    const now = new Date();
    const rejected = cmd.rejected ?? [];
    for (const r of rejected) {
      const dl = deadLetter(
        {
          tenant: cmd.tenant,
          source: cmd.source,
          stage: 'ingest',
          reason: r.reason,
          raw: r.raw,
          position: `${deliveryId}:${r.position}`,
          received_at: now.toISOString(),
        },
        now,
      );
      await this.storage.putDocument(cmd.tenant, 'deadletter', dl.id, dl.doc, { searchable: false });
    }
    const size = this.config.INGEST_BATCH_SIZE;
    const validated = new Map<RecordMeta, RecordMeta | undefined>();
    let batches = 0;
    for (let i = 0; i < cmd.records.length; i += size) {
      const slice = cmd.records.slice(i, i + size);
      await this.enqueue(
        'ingest.batch',
        {
          tenant: cmd.tenant,
          source: cmd.source,
          records: slice.map((r) => r.record),
          positions: slice.map((r) => r.position),
          deliveryId,
          options: cmd.options,
          receivedAt: now.toISOString(),
          ...packRecordMetas(slice, validated),
        },
        { jobId: `${cmd.tenant}:${deliveryId}:${slice[0].position}` },
      );
      batches++;
    }
    return {
      accepted: cmd.records.length,
      rejected: rejected.length,
      batches,
      delivery_id: deliveryId,
      rejects: rejected.slice(0, 100).map((r) => ({ line: r.position + 1, reason: r.reason })),
    };
  }

  /**
   * Enqueues one batch; a queue that cannot be reached answers 503. The batch's job id is deterministic, so a client
   * retrying the delivery (same Idempotency-Key) after a 503 in the middle of it does not queue a batch twice.
   */
  private async enqueue(...args: Parameters<QueuePort['enqueue']>): Promise<void> {
    try {
      await this.queue.enqueue(...args);
    } catch (err) {
      throw this.queueUnavailable(err);
    }
  }

  private queueUnavailable(err: unknown): VigieError {
    if (err instanceof VigieError) return err;
    return new VigieError(
      ErrorCode.Unavailable,
      `ingest queue unreachable (${this.queue.adapter}): ${(err as Error)?.message ?? String(err)}; retry later`,
      {
        retry_after_seconds: 5,
      },
    );
  }

  /** Back-pressure: refuse new work (429) while too many batches wait (delayed ones included); 503 without a queue. */
  private async assertCapacity(): Promise<void> {
    const c = await this.queue.counts().catch((err) => {
      throw this.queueUnavailable(err);
    });
    const queued = c.waiting + c.delayed;
    if (queued >= this.config.INGEST_MAX_QUEUED_BATCHES) {
      throw new VigieError(
        ErrorCode.Backpressure,
        `ingest queue is full (${queued} batches waiting); retry later`,
        {
          retry_after_seconds: 5,
        },
      );
    }
  }
}
