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

const STARTING_SHARD_ERRORS = new Set([
  'no_shard_available_action_exception',
  'unavailable_shards_exception',
]);

/**
 * Runs `fn` again while the index it touches is so new that its primary shard has not started (another process
 * just created it: Elasticsearch answers 503 "no shard available" for a few hundred milliseconds). Up to ~5 s.
 */
export async function whileShardsStart<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const type = (err as { body?: { error?: { type?: string } } })?.body?.error?.type;
      if (
        !(err instanceof errors.ResponseError) ||
        !type ||
        !STARTING_SHARD_ERRORS.has(type) ||
        attempt >= 50
      )
        throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
