import type { Command } from 'commander';
import { loadConfig } from '../../config/config.schema.js';
import { connect } from '../vigie-client.js';

export function registerSearchCommand(program: Command): void {
  program
    .command('search')
    .description(
      'search stored events with KQL (field:value, wildcards, "phrases", AND/OR/NOT, ranges, field:*)',
    )
    .argument('[query]', 'KQL query; empty matches everything', '')
    .option('-t, --tenant <tenant>', 'tenant (default: TENANT)')
    .option('--from <time>', 'inclusive ISO time')
    .option('--to <time>', 'exclusive ISO time')
    .option('-n, --size <n>', 'number of events', '20')
    .option(
      '--url <url>',
      'Vigie server URL (default: VIGIE_URL, or a server on PORT if one answers, else in-process)',
    )
    .option('--json', 'print {hits,total,cursor} as JSON')
    .action(
      async (
        query: string,
        opts: { tenant?: string; from?: string; to?: string; size: string; url?: string; json?: boolean },
      ) => {
        const config = loadConfig();
        const client = await connect(config, opts.url);
        try {
          const page = await client.search(opts.tenant ?? config.TENANT, {
            kql: query,
            from: opts.from,
            to: opts.to,
            size: Number(opts.size),
          });
          if (opts.json) {
            process.stdout.write(JSON.stringify(page) + '\n');
            return;
          }
          for (const h of page.hits) {
            const d = h.doc;
            const text = d.event?.original ?? d.message ?? JSON.stringify(d);
            process.stdout.write(
              `${d['@timestamp']}  ${d.vigie?.connector ?? '-'}  ${String(text).slice(0, 200)}\n`,
            );
          }
          process.stdout.write(`${page.hits.length} of ${page.total} event(s)\n`);
        } finally {
          await client.close();
        }
      },
    );
}
