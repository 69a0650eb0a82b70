import { errors } from '@elastic/elasticsearch';
import { ErrorCode, VigieError } from '../../common/errors.js';

/**
 * "Elasticsearch is unavailable" versus "this request is wrong": connection refused or reset, timeouts, no living
 * node, and answers 429 (rejected execution) or 5xx (unavailable shards, node shutting down) are passing states of
 * the cluster — the same request will succeed later. Everything else (400 mapping errors, 404…) is permanent.
 */
export function isElasticsearchUnavailable(err: unknown): boolean {
  if (
    err instanceof errors.ConnectionError ||
    err instanceof errors.TimeoutError ||
    err instanceof errors.NoLivingConnectionsError
  ) {
    return true;
  }
  if (err instanceof errors.ResponseError) return isUnavailableStatus(err.statusCode ?? 0);
  return false;
}

/** Per-item bulk statuses that mean "retry later" rather than "this document is refused". */
export function isUnavailableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * The typed error the queue adapters recognise (`ErrorCode.Unavailable`): the job is retried with capped backoff
 * without using up its attempts, so an outage never dead-letters a batch.
 */
export function storeUnavailable(what: string, err: unknown): VigieError {
  const detail =
    err instanceof errors.ResponseError
      ? `${err.statusCode} ${err.message}`
      : ((err as Error)?.message ?? String(err));
  return new VigieError(ErrorCode.Unavailable, `Elasticsearch unavailable (${what}): ${detail}`, {
    retryable: true,
  });
}

/** Rethrows an unavailability as `storeUnavailable`, anything else unchanged. */
export function rethrowUnavailable(what: string, err: unknown): never {
  if (isElasticsearchUnavailable(err)) throw storeUnavailable(what, err);
  throw err;
}
