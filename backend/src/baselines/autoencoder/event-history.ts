/**
 * The events of a time range, oldest first, as training input: from the storage port (`searchEvents` by time
 * range, paged with its cursor) in the pipeline; the evaluation harness supplies its own learning split.
 */
import type { StoragePort } from '../../storage/storage.port.js';

export type EventHistory = (
  tenant: string,
  fromMs: number,
  toMs: number,
) => AsyncIterable<Record<string, unknown>>;

export function storageHistory(storage: StoragePort, pageSize = 5000): EventHistory {
  return async function* (tenant, fromMs, toMs) {
    let cursor: string | undefined;
    do {
      const page = await storage.searchEvents(tenant, {
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
        size: pageSize,
        order: 'asc',
        cursor,
      });
      for (const ev of page.hits) yield ev.doc as Record<string, unknown>;
      cursor = page.hits.length === pageSize ? page.cursor : undefined;
    } while (cursor);
  };
}
