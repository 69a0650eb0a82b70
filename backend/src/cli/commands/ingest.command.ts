import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.schema.js';
import { decodeBody } from '../../ingest/record-splitter.js';
import { connect } from '../vigie-client.js';
import { connectorOptions } from '../import/connector-options.js';
import { collectOption, parseOptions } from './options.js';

/** Lines per request: small enough for a smooth progress bar, large enough to fill batches. */
const CHUNK_LINES = 5000;

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('send log files (one record per line; .gz accepted) to Vigie through a connector')
    .requiredOption('-s, --source <id>', 'connector id (vigie connectors list) or auto')
    .option('-t, --tenant <tenant>', 'tenant (default: TENANT)')
    .option(
      '-o, --option <key=value>',
      'connector option, repeatable, e.g. timezone=Europe/Paris',
      collectOption,
      [] as string[],
    )
    .option(
      '--url <url>',
      'Vigie server URL (default: VIGIE_URL, or a server on PORT if one answers, else in-process)',
    )
    .option('--json', 'print the summary as JSON')
    .argument('<files...>', 'files to send')
    .action(
      async (
        files: string[],
        opts: { source: string; tenant?: string; option: string[]; url?: string; json?: boolean },
      ) => {
        const config = loadConfig();
        const client = await connect(config, opts.url);
        const tenant = opts.tenant ?? config.TENANT;
        connectorOptions(opts.option); // validates (e.g. an unknown timezone fails here, with a clear message)
        const options = parseOptions(opts.option);
        const totals = { files: files.length, accepted: 0, rejected: 0, mode: client.mode };
        try {
          const texts = files.map((f) => {
            const path = resolve(f);
            return {
              path,
              text: decodeBody(readFileSync(path), config.INGEST_MAX_BODY_BYTES * 64),
              size: statSync(path).size,
            };
          });
          const lines = texts.map((t) => t.text.split(/\r?\n/));
          const bar = new SingleBar(
            {
              format: 'ingest |{bar}| {value}/{total} lines {file}',
              stream: process.stderr,
              noTTYOutput: false,
            },
            Presets.shades_classic,
          );
          if (process.stderr.isTTY)
            bar.start(
              lines.reduce((n, l) => n + l.length, 0),
              0,
              { file: '' },
            );
          for (const [i, t] of texts.entries()) {
            // A re-import of the same file reuses the same delivery ids, so its lines are not stored twice.
            const fileId = createHash('sha1').update(`${t.path}:${t.size}`).digest('hex').slice(0, 16);
            for (let start = 0; start < lines[i].length; start += CHUNK_LINES) {
              const chunk = lines[i].slice(start, start + CHUNK_LINES);
              const res = await client.ingest({
                tenant,
                source: opts.source,
                text: chunk.join('\n'),
                deliveryId: `file:${fileId}:${start}`,
                options,
              });
              totals.accepted += res.accepted;
              totals.rejected += res.rejected;
              bar.increment(chunk.length, { file: t.path });
            }
          }
          bar.stop();
          await client.settle();
        } finally {
          await client.close();
        }
        if (opts.json) process.stdout.write(JSON.stringify(totals) + '\n');
        else
          process.stdout.write(
            `${totals.accepted} record(s) accepted, ${totals.rejected} rejected (${totals.mode})\n`,
          );
      },
    );
}
