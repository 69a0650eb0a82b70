import type { EventBatch, EventStage } from '../pipeline/event-stage.js';
import type { DirectoryCache } from './directory.cache.js';
import type { EventEnricher } from './event-enricher.js';

/** Pipeline stage 100: asset, identity and GeoIP/ASN context on every event of the batch (see event-enricher.ts). */
export class EnrichmentStage implements EventStage {
  readonly name = 'enrichment';
  readonly order = 100;

  constructor(
    private readonly cache: DirectoryCache,
    private readonly enricher: EventEnricher,
  ) {}

  async run(batch: EventBatch): Promise<void> {
    if (batch.events.length === 0) return;
    const index = await this.cache.index(batch.tenant);
    for (const e of batch.events) this.enricher.enrich(e.doc, index);
  }
}
