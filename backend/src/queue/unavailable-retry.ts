import { ErrorCode, VigieError } from '../common/errors.js';
import type { QueueOptions } from './queue.port.js';

/**
 * Retrying while a store is down, designed once for both queue adapters.
 *
 * A job handler that throws `VigieError(ErrorCode.Unavailable)` (Elasticsearch refused, timed out or answered
 * 429/5xx; see storage/elasticsearch/elasticsearch-errors.ts) is not failing: the job is put back as delayed and
 * run again later, **without using one of its attempts**, for as long as the outage lasts. Delays grow from
 * `backoffMs` and are capped at `unavailableMaxDelayMs`, so processing resumes within that cap once the store is
 * back. Delayed jobs count as queued, so ingest answers 429 once `INGEST_MAX_QUEUED_BATCHES` is passed: nothing is
 * dead-lettered and nothing is dropped. Any other error uses the attempts and the dead-letter list as before.
 */
export function isUnavailable(err: unknown): boolean {
  return err instanceof VigieError && err.code === ErrorCode.Unavailable;
}

export const DEFAULT_UNAVAILABLE_MAX_DELAY_MS = 5_000;

/** Per-process backoff while the store is unavailable: grows with consecutive failures, resets on a success. */
export class UnavailableBackoff {
  private streak = 0;
  private lastLog = 0;

  constructor(private readonly opts: QueueOptions) {}

  /** Delay before the next run of a job that just met an unavailable store. */
  next(): number {
    const cap = this.opts.unavailableMaxDelayMs ?? DEFAULT_UNAVAILABLE_MAX_DELAY_MS;
    const delay = Math.min(cap, this.opts.backoffMs * 2 ** Math.min(this.streak, 20));
    this.streak++;
    return delay;
  }

  succeeded(): void {
    this.streak = 0;
  }

  /** True at most every 5 s, so an outage logs a line now and then rather than one per job. */
  shouldLog(now = Date.now()): boolean {
    if (now - this.lastLog < 5_000) return false;
    this.lastLog = now;
    return true;
  }
}
