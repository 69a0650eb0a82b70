import type { Command } from 'commander';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadDefinitions } from '../../baselines/definition.loader.js';
import { openDataset } from '../../baselines/eval/datasets.js';
import { evaluate, formatTable } from '../../baselines/eval/evaluate.js';

const BASELINES_DIR = fileURLToPath(new URL('../../../../rules/baselines', import.meta.url));

export function registerEvalCommands(program: Command): void {
  const ev = program.command('eval').description('evaluate detection content on labelled datasets');
  ev.command('baselines')
    .description(
      'train the baseline detectors on a learning split and report precision, recall and alert volume per detector on the test split',
    )
    .requiredOption(
      '--dataset <spec>',
      'generated:<seed>[?days=30&users=200&servers=8&testDays=7&perType=1], a directory written by the generator, or OTRF recordings (folder with metadata/ and zips, or one .zip)',
    )
    .option('--split <share>', 'OTRF: share of events (in time order) in the learning split', '0.5')
    .option('--definitions <dir>', 'baseline definitions folder', BASELINES_DIR)
    .option('--json', 'print one JSON object per detector (last line: the whole report)')
    .action(async (o: { dataset: string; definitions: string; json?: boolean; split: string }) => {
      const files = readdirSync(o.definitions)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => ({ path: `baselines/${f}`, text: readFileSync(`${o.definitions}/${f}`, 'utf8') }));
      const set = loadDefinitions(files);
      for (const r of set.rejected) process.stderr.write(`rejected ${r.path}: ${r.reason}\n`);
      const split = Number(o.split);
      if (!(split > 0 && split < 1))
        throw new Error(`--split must be a share between 0 and 1 (got ${o.split})`);
      const dataset = await openDataset(o.dataset, {
        split,
        onFile: (f) => process.stderr.write(`parsing ${f}\n`),
      });
      const recordings = (
        dataset as {
          recordings?: {
            file: string;
            events: number;
            attack_events: number;
            labelled: boolean;
            reason?: string;
          }[];
        }
      ).recordings;
      const report = {
        ...(await evaluate(set.definitions, dataset, { onDay: (d) => process.stderr.write(`\r${d}`) })),
        ...(recordings ? { recordings } : {}),
      };
      process.stderr.write('\n');
      if (o.json) {
        for (const d of report.detectors) process.stdout.write(JSON.stringify(d) + '\n');
        process.stdout.write(JSON.stringify(report) + '\n');
        return;
      }
      process.stdout.write(formatTable(report) + '\n');
      if (recordings) {
        process.stdout.write(`\nrecordings (learning split ends ${dataset.learningEnd}):\n`);
        for (const r of recordings)
          process.stdout.write(
            `  ${r.file}: ${r.labelled ? `${r.events} events, ${r.attack_events} attack events` : `skipped — ${r.reason}`}\n`,
          );
      }
      const weak = report.detectors.filter((d) => d.enabled && d.precision !== null && d.precision < 0.5);
      if (weak.length)
        process.stdout.write(`enabled with precision < 0.5: ${weak.map((d) => d.detector).join(', ')}\n`);
    });
}
