/**
 * Files of a generated history, for the evaluation harness and the CLI: `events-YYYY-MM-DD.ndjson` (one ECS document
 * a line, one file per UTC day) and `labels.json` (generator options, splits, holidays, population summary, the
 * labelled anomalies). `generated:<seed>[?days=&users=&servers=&testDays=&perType=]` names such a dataset.
 */
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { StoredEvent, VigieEvent } from '../../events/event.model.js';
import type { AnomalyLabel } from './anomalies.js';
import type { EcsDoc } from './ecs-events.js';
import { generateHistory, type HistoryOptions, type ResolvedHistoryOptions } from './history.generator.js';

export interface DatasetLabels {
  generator: 'vigie-baselines-history';
  version: 1;
  options: ResolvedHistoryOptions;
  start: string;
  learningEnd: string;
  end: string;
  events: number;
  population: { users: Record<string, number>; servers: string[] };
  anomalies: AnomalyLabel[];
}

/** Parses `generated:<seed>[?key=value&…]`; returns the options, or a reason when the spec is not valid. */
export function parseGeneratedSpec(spec: string): HistoryOptions | string {
  const m = /^generated:(-?\d+)(?:\?(.*))?$/.exec(spec.trim());
  if (!m)
    return `not a generated dataset spec: "${spec}" (expected generated:<seed>[?days=30&users=200&servers=8&testDays=7&perType=1])`;
  const out: HistoryOptions = { seed: Number(m[1]) };
  for (const [k, v] of new URLSearchParams(m[2] ?? '')) {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0)
      return `generated dataset option ${k}=${v} is not a non-negative integer`;
    if (k === 'days') out.days = n;
    else if (k === 'users') out.users = n;
    else if (k === 'servers') out.servers = n;
    else if (k === 'testDays') out.testDays = n;
    else if (k === 'perType') out.anomaliesPerType = n;
    else return `unknown generated dataset option "${k}" (days, users, servers, testDays, perType)`;
  }
  return out;
}

/** Writes the dataset into `dir` (created if needed), streaming with back-pressure. */
export async function writeHistoryDataset(
  dir: string,
  options: HistoryOptions,
  onDay?: (day: string, events: number) => void,
): Promise<DatasetLabels> {
  mkdirSync(dir, { recursive: true });
  const history = generateHistory(options);
  let day = '';
  let out: ReturnType<typeof createWriteStream> | undefined;
  let total = 0;
  const close = async () => {
    if (!out) return;
    out.end();
    await once(out, 'close');
    onDay?.(day, total);
  };
  for (const e of history.events()) {
    const d = e['@timestamp'].slice(0, 10);
    if (d !== day) {
      await close();
      day = d;
      out = createWriteStream(join(dir, `events-${d}.ndjson`));
    }
    if (!out!.write(JSON.stringify(e) + '\n')) await once(out!, 'drain');
    total++;
  }
  await close();
  const users: Record<string, number> = {};
  for (const u of history.population.users) users[u.role] = (users[u.role] ?? 0) + 1;
  const labels: DatasetLabels = {
    generator: 'vigie-baselines-history',
    version: 1,
    options: history.options,
    start: history.start,
    learningEnd: history.learningEnd,
    end: history.end,
    events: total,
    population: { users, servers: history.population.servers.map((s) => s.name) },
    anomalies: history.labels,
  };
  writeFileSync(join(dir, 'labels.json'), JSON.stringify(labels, null, 1));
  return labels;
}

/** Opens a written dataset: its labels and a stream of its events in time order. */
export function readHistoryDataset(dir: string): { labels: DatasetLabels; events(): AsyncGenerator<EcsDoc> } {
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as DatasetLabels;
  if (labels.generator !== 'vigie-baselines-history')
    throw new Error(`${dir}/labels.json is not a generated history (generator ${String(labels.generator)})`);
  const files = readdirSync(dir)
    .filter((f) => /^events-\d{4}-\d{2}-\d{2}\.ndjson$/.test(f))
    .sort();
  return {
    labels,
    async *events() {
      for (const f of files) {
        const lines = createInterface({ input: createReadStream(join(dir, f)), crlfDelay: Infinity });
        for await (const line of lines) if (line) yield JSON.parse(line) as EcsDoc;
      }
    },
  };
}

/** A generated document as a stored event (its `event.id` is its id), e.g. to write it through the storage port. */
export function asStoredEvent(doc: EcsDoc): StoredEvent {
  return { id: doc.event.id, doc: doc as unknown as VigieEvent };
}
