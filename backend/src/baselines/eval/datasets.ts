/**
 * Evaluation datasets: `generated:<seed>[?days=&users=&…]` (the synthetic benign history with injected, labelled
 * anomalies of `../generator`) or a directory the generator wrote (`labels.json` + `events-*.ndjson`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { asStoredEvent, generateHistory, parseGeneratedSpec, readHistoryDataset } from '../generator/index.js';
import type { EvalDataset } from './evaluate.js';

export function openDataset(spec: string): EvalDataset {
  if (spec.startsWith('generated:')) {
    const opts = parseGeneratedSpec(spec);
    if (typeof opts === 'string') throw new Error(opts);
    const h = generateHistory(opts);
    return {
      name: spec,
      learningEnd: h.learningEnd,
      labels: h.labels,
      *events() {
        for (const doc of h.events()) yield asStoredEvent(doc);
      },
    };
  }
  if (existsSync(join(spec, 'labels.json'))) {
    const d = readHistoryDataset(spec);
    return {
      name: spec,
      learningEnd: d.labels.learningEnd,
      labels: d.labels.anomalies,
      async *events() {
        for await (const doc of d.events()) yield asStoredEvent(doc);
      },
    };
  }
  throw new Error(`vigie eval baselines: "${spec}" is neither generated:<seed> nor a directory with labels.json (a dataset written by the generator)`);
}
