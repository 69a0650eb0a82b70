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
    .description('train the baseline detectors on a learning split and report precision, recall and alert volume per detector on the test split')
    .requiredOption('--dataset <spec>', 'generated:<seed>[?days=30&users=200&servers=8&testDays=7&perType=1] or a directory written by the generator')
    .option('--definitions <dir>', 'baseline definitions folder', BASELINES_DIR)
    .option('--json', 'print one JSON object per detector (last line: the whole report)')
    .action(async (o: { dataset: string; definitions: string; json?: boolean }) => {
      const files = readdirSync(o.definitions)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => ({ path: `baselines/${f}`, text: readFileSync(`${o.definitions}/${f}`, 'utf8') }));
      const set = loadDefinitions(files);
      for (const r of set.rejected) process.stderr.write(`rejected ${r.path}: ${r.reason}\n`);
      const report = await evaluate(set.definitions, openDataset(o.dataset), { onDay: (d) => process.stderr.write(`\r${d}`) });
      process.stderr.write('\n');
      if (o.json) {
        for (const d of report.detectors) process.stdout.write(JSON.stringify(d) + '\n');
        process.stdout.write(JSON.stringify(report) + '\n');
        return;
      }
      process.stdout.write(formatTable(report) + '\n');
      const weak = report.detectors.filter((d) => d.enabled && d.precision !== null && d.precision < 0.5);
      if (weak.length) process.stdout.write(`enabled with precision < 0.5: ${weak.map((d) => d.detector).join(', ')}\n`);
    });
}
