/** Shared by the baseline specs: the repository's baseline definitions and the demo scenario as stored events. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getConnector, safeParse } from '@vigie/connectors';
import { loadDefinitions, type LoadedDefinition } from '../../src/baselines/definition.loader.js';
import { generateScenario } from '../../src/demo/scenario.js';
import { toStoredEvent, type StoredEvent } from '../../src/events/event.model.js';

export const BASELINES_DIR = fileURLToPath(new URL('../../../rules/baselines', import.meta.url));

export function repoDefinitions(): LoadedDefinition[] {
  const files = readdirSync(BASELINES_DIR)
    .filter((f) => f.endsWith('.yml'))
    .map((f) => ({ path: `baselines/${f}`, text: readFileSync(`${BASELINES_DIR}/${f}`, 'utf8') }));
  return loadDefinitions(files).definitions;
}

/** The demo day parsed by our connectors (no enrichment), in time order, with each event's step. */
export function demoEvents(tenant = 't'): { event: StoredEvent; step: string }[] {
  const s = generateScenario({ seed: 20260504, end: new Date('2026-05-04T12:00:00Z') });
  const now = new Date('2026-05-04T12:00:00Z');
  return s.records.map((r, i) => {
    const c = getConnector(r.source)!;
    const o = safeParse(c, r.record as never, { options: {}, now });
    if (o.kind !== 'event')
      throw new Error(`demo record ${i} (${r.source}) did not parse: ${JSON.stringify(o)}`);
    const logsource = (o.event.vigie as { logsource?: never } | undefined)?.logsource;
    return {
      event: toStoredEvent(
        o.event,
        { tenant, connector: c.id, raw: JSON.stringify(r.record), position: String(i), logsource },
        now,
      ),
      step: r.step,
    };
  });
}

export function batches<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}
