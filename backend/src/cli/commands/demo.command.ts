/**
 * `vigie demo replay [--tenant t] [--seed n]`: replays the demo scenario (a day at a small insurer with an
 * intrusion, ending now) through the normal ingest path, with the demo asset inventory and identity directory.
 * `vigie demo generate --out <dir>`: writes the raw files and the CSV directories instead (to import elsewhere).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.schema.js';
import { DEMO_TENANT } from '../../demo/demo.service.js';
import { generateScenario } from '../../demo/scenario.js';
import { connect } from '../vigie-client.js';

const print = (s: string): void => void process.stdout.write(s + '\n');

export function registerDemoCommands(program: Command): void {
  const demo = program
    .command('demo')
    .description('the demo scenario: a day of benign activity with an intrusion woven in');
  demo
    .command('replay')
    .description(
      'replay the scenario (ending now) into a tenant through the ingest pipeline; prints the expected alerts per step',
    )
    .option('-t, --tenant <tenant>', 'tenant', DEMO_TENANT)
    .option('--seed <n>', 'scenario seed (same seed, same day)')
    .option(
      '--url <url>',
      'Vigie server URL (default: VIGIE_URL, or a server on PORT if one answers, else in-process)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (opts: { tenant: string; seed?: string; url?: string; json?: boolean }) => {
      const seed = opts.seed === undefined ? undefined : Number(opts.seed);
      if (seed !== undefined && (!Number.isInteger(seed) || seed < 0))
        throw new Error(`--seed must be a non-negative integer (got ${opts.seed})`);
      const client = await connect(loadConfig(), opts.url);
      try {
        const r = await client.demo.replay(opts.tenant, { seed });
        await client.settle();
        if (opts.json) return print(JSON.stringify(r));
        print(
          `demo scenario (seed ${r.seed}, ending ${r.end}) replayed into tenant "${r.tenant}": ${r.stored} events stored, ${r.rejected} rejected, ${r.assets} assets, ${r.identities} identities, ${(r.elapsed_ms / 1000).toFixed(1)} s`,
        );
        for (const s of r.steps)
          print(
            `  ${s.step.padEnd(20)} ${String(s.records).padStart(3)} records → ${s.expected_rules.join('; ')}`,
          );
      } finally {
        await client.close();
      }
    });
  demo
    .command('generate')
    .description('write the scenario as raw files (one per connector) plus assets.csv and identities.csv')
    .requiredOption('-o, --out <dir>', 'output directory')
    .option('--seed <n>', 'scenario seed')
    .action((opts: { out: string; seed?: string }) => {
      const s = generateScenario({ seed: opts.seed === undefined ? undefined : Number(opts.seed) });
      mkdirSync(opts.out, { recursive: true });
      const bySource = new Map<string, string[]>();
      for (const r of s.records)
        bySource.set(r.source, [
          ...(bySource.get(r.source) ?? []),
          typeof r.record === 'string' ? r.record : JSON.stringify(r.record),
        ]);
      for (const [source, lines] of bySource) {
        const file = join(opts.out, `${source}.${lines[0]?.startsWith('{') ? 'ndjson' : 'log'}`);
        writeFileSync(file, lines.join('\n') + '\n');
        print(`${file}: ${lines.length} records (vigie import --source ${source} ${file})`);
      }
      writeFileSync(join(opts.out, 'assets.csv'), s.assetsCsv);
      writeFileSync(join(opts.out, 'identities.csv'), s.identitiesCsv);
      print(
        `${join(opts.out, 'assets.csv')}, ${join(opts.out, 'identities.csv')} (vigie assets import / vigie identities import)`,
      );
    });
}
