import { Inject, Injectable } from '@nestjs/common';
import { connectors } from '@vigie/connectors';
import type { StoragePort } from '../storage/storage.port.js';
import { STORAGE } from '../tokens.js';

export interface SourceStats {
  id: string;
  name: string;
  vendor: string;
  product: string;
  events: number;
  events_last_minute: number;
  events_per_second: number;
  parse_errors: number;
  first_seen?: string;
  last_seen?: string;
}

/**
 * Per-source counters computed from what is stored (events and dead letters), so they are exact whatever the
 * number of workers: events, events/s over the last minute, parse errors, first and last seen (ingest time).
 */
@Injectable()
export class SourceStatsService {
  constructor(@Inject(STORAGE) private readonly storage: StoragePort) {}

  async forTenant(tenant: string, now = new Date()): Promise<SourceStats[]> {
    const [totals, recent, errors] = await Promise.all([
      this.storage.topN(tenant, { field: 'vigie.connector', size: 1000 }),
      this.storage.topN(tenant, {
        field: 'vigie.connector',
        size: 1000,
        kql: `event.ingested >= "${new Date(now.getTime() - 60_000).toISOString()}"`,
      }),
      this.storage.listDocuments(tenant, 'deadletter', { size: 1 }).then((r) => r.total),
    ]);
    const recentBy = new Map(recent.map((r) => [r.value, r.count]));
    const out: SourceStats[] = [];
    for (const { value: id, count } of totals) {
      const c = connectors.find((x) => x.id === id);
      const [newest, oldest, parseErrors] = await Promise.all([
        this.storage.searchEvents(tenant, { kql: `vigie.connector:"${id}"`, size: 1, order: 'desc' }),
        this.storage.searchEvents(tenant, { kql: `vigie.connector:"${id}"`, size: 1, order: 'asc' }),
        errors
          ? this.storage
              .listDocuments(tenant, 'deadletter', { kql: `source:"${id}"`, size: 1 })
              .then((r) => r.total)
          : 0,
      ]);
      const lastMinute = recentBy.get(id) ?? 0;
      out.push({
        id,
        name: c?.name ?? id,
        vendor: c?.vendor ?? '',
        product: c?.product ?? '',
        events: count,
        events_last_minute: lastMinute,
        events_per_second: Math.round((lastMinute / 60) * 100) / 100,
        parse_errors: parseErrors,
        first_seen: oldest.hits[0]?.doc.event.ingested,
        last_seen: newest.hits[0]?.doc.event.ingested,
      });
    }
    return out;
  }
}
