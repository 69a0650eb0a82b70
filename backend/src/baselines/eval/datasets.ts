/**
 * Evaluation datasets: `generated:<seed>[?days=&users=&…]` (the synthetic benign history with injected, labelled
 * anomalies of `../generator`), a directory the generator wrote (`labels.json` + `events-*.ndjson`), or OTRF
 * Security-Datasets recordings (`otrf.dataset.ts`: a folder with `metadata/` and zips, or one zip).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  asStoredEvent,
  generateHistory,
  parseGeneratedSpec,
  readHistoryDataset,
} from '../generator/index.js';
import type { EvalDataset } from './evaluate.js';
import { openOtrfDataset } from './otrf.dataset.js';

export async function openDataset(
  spec: string,
  opts: { split?: number; onFile?: (file: string) => void } = {},
): Promise<EvalDataset> {
  if (spec.endsWith('.zip') || (existsSync(join(spec, 'metadata')) && !existsSync(join(spec, 'labels.json'))))
    return openOtrfDataset(spec, opts);
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
  throw new Error(
    `vigie eval baselines: "${spec}" is neither generated:<seed>, a directory with labels.json (a dataset written by the generator), nor OTRF recordings (a folder with metadata/ and zips, or one .zip)`,
  );
}
