import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.schema.js';
import { connect } from '../vigie-client.js';

export function registerHuntCommand(program: Command): void {
  program
    .command('hunt')
    .description(
      'hunt over stored events with a Sigma rule (converted to the store query language) or a KQL query',
    )
    .option('--sigma <file>', 'Sigma rule file (one detection rule)')
    .option('--kql <query>', 'KQL query')
    .option('-t, --tenant <tenant>', 'tenant (default: TENANT)')
    .option('--from <time>', 'inclusive ISO time')
    .option('--to <time>', 'exclusive ISO time')
    .option('-n, --size <n>', 'number of events', '20')
    .option(
      '--url <url>',
      'Vigie server URL (default: VIGIE_URL, or a server on PORT if one answers, else in-process)',
    )
    .option('--json', 'print {hits,total,cursor,language,rule} as JSON')
    .action(
      async (o: {
        sigma?: string;
        kql?: string;
        tenant?: string;
        from?: string;
        to?: string;
        size: string;
        url?: string;
        json?: boolean;
      }) => {
        if (!o.sigma === (o.kql === undefined))
          throw new Error('vigie hunt: give exactly one of --sigma <file> or --kql "<query>"');
        const sigma = o.sigma ? readFileSync(o.sigma, 'utf8') : undefined;
        const config = loadConfig();
        const client = await connect(config, o.url);
        try {
          const r = await client.detection.hunt(o.tenant ?? config.TENANT, {
            sigma,
            kql: o.kql,
            from: o.from,
            to: o.to,
            size: Number(o.size),
          });
          if (o.json) {
            process.stdout.write(JSON.stringify(r) + '\n');
            return;
          }
          for (const h of r.hits) {
            const d = h.doc;
            process.stdout.write(
              `${d['@timestamp']}  ${d.vigie?.connector ?? '-'}  ${String(d.event?.original ?? d.message ?? JSON.stringify(d)).slice(0, 200)}\n`,
            );
          }
          process.stdout.write(
            `${r.hits.length} of ${r.total} event(s)${r.rule ? ` for rule ${r.rule.title}` : ''}\n`,
          );
        } finally {
          await client.close();
        }
      },
    );
}
