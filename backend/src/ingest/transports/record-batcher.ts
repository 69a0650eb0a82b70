import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ErrorCode, VigieError } from '../../common/errors.js';
import type { IngestRecordsCommand, IngestResult } from '../ingest.service.js';
import type { RecordMeta } from '../record-meta.js';
import type { IngestTarget } from './ingest-target.js';
import type { TransportCounters } from './transport-stats.js';

export type IngestRecordsFn = (cmd: IngestRecordsCommand) => Promise<IngestResult>;

export interface BatcherOptions {
  /** Flush when this many records wait. */
  maxRecords: number;
  /** Flush at the latest this long after the first waiting record. */
  flushMs: number;
  /** Records kept while the queue refuses work (back-pressure); beyond, new records are dropped and counted. */
  maxPending: number;
}

/**
 * Buffers the records of a streaming transport (syslog) for one target and hands them to `ingestRecords` in
 * batches: on size, on a timer, and on close. While the queue is full the records wait (up to `maxPending`) and the
 * flush is retried; flushes never overlap, so records keep their arrival order.
 */
export class RecordBatcher {
  private records: IngestRecordsCommand['records'] = [];
  private rejects: NonNullable<IngestRecordsCommand['rejected']> = [];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly ingest: IngestRecordsFn,
    private readonly target: IngestTarget,
    private readonly options: BatcherOptions,
    private readonly counters: TransportCounters,
    private readonly log: Logger,
  ) {}

  get pending(): number {
    return this.records.length + this.rejects.length;
  }

  /** Buffers a record; `meta` is its envelope (records of one sender may share the object). */
  add(record: string, meta?: RecordMeta): void {
    if (this.pending >= this.options.maxPending) {
      this.counters.dropped++;
      return;
    }
    this.records.push(meta ? { position: 0, record, meta } : { position: 0, record });
    this.schedule();
  }

  reject(raw: string, reason: string): void {
    this.counters.rejects++;
    if (this.pending >= this.options.maxPending) {
      this.counters.dropped++;
      return;
    }
    this.rejects.push({ position: 0, raw, reason });
    this.schedule();
  }

  /** Hands everything buffered to ingest; resolves when done (or re-buffered after a refusal). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.chain = this.chain.then(() => this.flushNow());
    return this.chain;
  }

  /** Stops the timer and flushes what is left; a refused final flush is logged with the number of records lost. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    if (this.pending) {
      this.counters.dropped += this.pending;
      this.log.error(
        { tenant: this.target.tenant, source: this.target.source, lost: this.pending },
        'syslog records lost at shutdown: the queue refused them',
      );
      this.records = [];
      this.rejects = [];
    }
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.records.length >= this.options.maxRecords) {
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.flushMs);
  }

  private async flushNow(): Promise<void> {
    if (this.pending === 0) return;
    const records = this.records;
    const rejects = this.rejects;
    this.records = [];
    this.rejects = [];
    // Positions number the records of this delivery in arrival order, rejects after them.
    records.forEach((r, i) => (r.position = i));
    rejects.forEach((r, i) => (r.position = records.length + i));
    try {
      await this.ingest({ ...this.target, records, rejected: rejects, deliveryId: `syslog-${randomUUID()}` });
    } catch (err) {
      this.records = records.concat(this.records);
      this.rejects = rejects.concat(this.rejects);
      const busy = err instanceof VigieError && err.code === ErrorCode.Backpressure;
      this.log.warn(
        {
          tenant: this.target.tenant,
          source: this.target.source,
          waiting: this.pending,
          err: (err as Error).message,
        },
        busy ? 'queue full, syslog records wait' : 'syslog flush failed, retrying',
      );
      if (!this.closed) {
        this.timer ??= setTimeout(
          () => {
            this.timer = undefined;
            void this.flush();
          },
          Math.max(this.options.flushMs, 1000),
        );
      }
    }
  }
}
