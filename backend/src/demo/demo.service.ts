/**
 * Replays the demo scenario into a tenant through the normal ingest path (ingest → queue → parse → enrich →
 * detect → store): imports the company's asset inventory and identity directory, then sends the day's records in
 * two phases — the benign hours before the intrusion, then the intrusion window — waiting for each phase to be
 * stored so that detection sees the attack in event-time order. `seedOnce` does it only the first time for a
 * tenant (a marker document in `config`), for `npm start`.
 */
import { ErrorCode, VigieError } from '../common/errors.js';
import { childLogger } from '../common/logger.js';
import type { DirectoryService } from '../enrichment/directory.service.js';
import type { IngestService } from '../ingest/ingest.service.js';
import type { StoragePort } from '../storage/storage.port.js';
import type { DemoRecord } from './demo-record.js';
import { generateScenario, type ScenarioOptions } from './scenario.js';

export const DEMO_TENANT = 'demo';
export const DEMO_MARKER_ID = 'demo.scenario';

export interface DemoReplayResult {
  tenant: string;
  seed: number;
  end: string;
  records: number;
  accepted: number;
  rejected: number;
  stored: number;
  assets: number;
  identities: number;
  steps: { step: string; records: number; expected_rules: string[] }[];
  elapsed_ms: number;
}

export class DemoService {
  private readonly log = childLogger('demo');

  constructor(
    private readonly ingest: IngestService,
    private readonly directories: DirectoryService,
    private readonly storage: StoragePort,
    private readonly waitTimeoutMs = 180_000,
  ) {}

  async replay(tenant = DEMO_TENANT, opts: ScenarioOptions = {}): Promise<DemoReplayResult> {
    const t0 = Date.now();
    const s = generateScenario(opts);
    const assets = await this.directories.import({
      tenant,
      kind: 'assets',
      text: s.assetsCsv,
      format: 'csv',
      mode: 'replace',
    });
    const identities = await this.directories.import({
      tenant,
      kind: 'identities',
      text: s.identitiesCsv,
      format: 'csv',
      mode: 'replace',
    });
    const cut = s.attackStart.getTime() - 120_000;
    const phases = [
      s.records.filter((r) => r.at.getTime() < cut),
      s.records.filter((r) => r.at.getTime() >= cut),
    ];
    await this.storage.refresh();
    const baseline = await this.settledCount(tenant);
    let accepted = 0;
    let rejected = 0;
    for (const [i, phase] of phases.entries()) {
      const bySource = new Map<DemoRecord['source'], DemoRecord[]>();
      for (const r of phase) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r]);
      for (const [source, recs] of bySource) {
        const res = await this.ingest.ingestRecords({
          tenant,
          source,
          records: recs.map((r, position) => ({ position, record: r.record })),
          deliveryId: `demo-${s.seed}-${s.end.getTime()}-${i}-${source}`, // no ":" (BullMQ job ids)
        });
        accepted += res.accepted;
        rejected += res.rejected;
      }
      await this.waitFor(tenant, baseline.total + accepted + rejected, `phase ${i + 1} of 2`);
    }
    await this.storage.refresh();
    const stored = (await this.storage.countEvents(tenant, {})) - baseline.events;
    const result: DemoReplayResult = {
      tenant,
      seed: s.seed,
      end: s.end.toISOString(),
      records: s.records.length,
      accepted,
      rejected,
      stored,
      assets: assets.total,
      identities: identities.total,
      steps: s.steps.map((st) => ({
        step: st.step,
        records: s.records.filter((r) => r.step === st.step).length,
        expected_rules: st.expectedRules,
      })),
      elapsed_ms: Date.now() - t0,
    };
    this.log.info(
      { tenant, records: result.records, stored, elapsed_ms: result.elapsed_ms },
      'demo scenario replayed',
    );
    return result;
  }

  /** Replays the scenario into the demo tenant unless it was done before (marker document). */
  async seedOnce(tenant = DEMO_TENANT): Promise<DemoReplayResult | undefined> {
    if (await this.storage.getDocument(tenant, 'config', DEMO_MARKER_ID)) return undefined;
    const result = await this.replay(tenant);
    try {
      await this.storage.putDocument(
        tenant,
        'config',
        DEMO_MARKER_ID,
        {
          type: 'demo-marker',
          seeded_at: new Date().toISOString(),
          seed: result.seed,
          records: result.records,
        },
        { ifVersion: null },
      );
    } catch (err) {
      if (!(err instanceof VigieError && err.code === ErrorCode.Conflict)) throw err;
    }
    return result;
  }

  /** Events stored plus records dead-lettered for the tenant: what the pipeline has finished with. */
  private async settledCount(
    tenant: string,
  ): Promise<{ events: number; deadletters: number; total: number }> {
    const events = await this.storage.countEvents(tenant, {});
    const deadletters = (await this.storage.listDocuments(tenant, 'deadletter', { size: 1 })).total;
    return { events, deadletters, total: events + deadletters };
  }

  private async waitFor(tenant: string, want: number, what: string): Promise<void> {
    const deadline = Date.now() + this.waitTimeoutMs;
    let seen = 0;
    while (Date.now() < deadline) {
      await this.storage.refresh();
      seen = (await this.settledCount(tenant)).total;
      if (seen >= want) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new VigieError(
      ErrorCode.Unavailable,
      `demo replay (${tenant}): ${what} not processed after ${this.waitTimeoutMs / 1000} s (${seen} of ${want} records stored or dead-lettered)`,
    );
  }
}
