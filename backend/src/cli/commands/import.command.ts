/**
 * `vigie import --source <id>|--auto <files|dirs…>`: imports log files through the same ingest pipeline as the
 * API — .log, .json, .ndjson, .evtx, .gz, .zip (directories walked) — with a progress bar on stderr, waits for
 * the records to be stored (in-process mode) and prints a per-file summary (`--json` for machine use).
 * Re-importing an unchanged file does not duplicate events (deterministic delivery id per file).
 */
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { Connector, ConnectorOptions } from '@vigie/connectors';
import { loadConfig } from '../../config/config.schema.js';
import { connect, type VigieClient } from '../vigie-client.js';
import { connectorOptions } from '../import/connector-options.js';
import { collectOption } from './options.js';
import { importFile, type FileSummary } from '../import/import-files.js';
import { resolveSource } from '../import/resolve-source.js';
import { expandInputs, type InputFile } from '../import/walk-inputs.js';

export interface ImportSummary {
  mode: 'local' | 'remote';
  tenant: string;
  files: FileSummary[];
  errors: { path: string; reason: string }[];
  totals: { files: number; bytes: number; records: number; rejects: number; seconds: number };
}

function human(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 ** 2
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

export interface RunImportOptions {
  tenant: string;
  connector?: Connector;
  options: ConnectorOptions;
  /** Progress and detection messages (default: none). */
  progress?: NodeJS.WriteStream;
}

/** Imports files with an open client; waits until the work has landed (local mode). */
export async function runImport(
  client: VigieClient,
  files: InputFile[],
  opts: RunImportOptions,
): Promise<ImportSummary> {
  const t0 = performance.now();
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  const tty = opts.progress?.isTTY === true;
  const bar = tty
    ? new SingleBar({
        format: 'import |{bar}| {percentage}% {done}/{total_h} | {records} records | {file}',
        stream: opts.progress,
        hideCursor: true,
        clearOnComplete: true,
      })
    : undefined;
  let bytes = 0;
  let records = 0;
  let current = '';
  bar?.start(Math.max(1, totalBytes), 0, {
    done: human(0),
    total_h: human(totalBytes),
    records: 0,
    file: '',
  });
  const tick = () =>
    bar?.update(Math.min(bytes, totalBytes), {
      done: human(bytes),
      total_h: human(totalBytes),
      records,
      file: current,
    });
  const note = (msg: string) => {
    if (!opts.progress) return;
    if (bar) bar.stop();
    opts.progress.write(msg + '\n');
    if (bar)
      bar.start(Math.max(1, totalBytes), Math.min(bytes, totalBytes), {
        done: human(bytes),
        total_h: human(totalBytes),
        records,
        file: current,
      });
  };
  const summaries: FileSummary[] = [];
  for (const f of files) {
    current = f.path.length > 60 ? '…' + f.path.slice(-59) : f.path;
    const s = await importFile(client, f, {
      tenant: opts.tenant,
      connector: opts.connector,
      options: opts.options,
      onBytes: (n) => {
        bytes += n; // compressed bytes read from disk
        tick();
      },
      onRecords: (n) => {
        records += n;
        tick();
      },
      onDetect: (_file, member, id, confidence, mode) => {
        if (mode === 'sample') note(`auto: ${member}: ${id ?? 'no connector'} (confidence ${confidence})`);
        else note(`auto: ${member}: routing each record by detection`);
      },
    });
    summaries.push(s);
  }
  bar?.update(totalBytes, {
    done: human(totalBytes),
    total_h: human(totalBytes),
    records,
    file: 'waiting for the pipeline',
  });
  await client.settle();
  bar?.stop();
  return {
    mode: client.mode,
    tenant: opts.tenant,
    files: summaries,
    errors: [],
    totals: {
      files: summaries.length,
      bytes: totalBytes,
      records: summaries.reduce((n, s) => n + s.records, 0),
      rejects: summaries.reduce((n, s) => n + s.rejects, 0),
      seconds: Math.round(performance.now() - t0) / 1000,
    },
  };
}

export function summaryText(s: ImportSummary): string {
  const lines = s.files.map((f) => {
    const conns = Object.entries(f.connectors)
      .sort((a, b) => b[1] - a[1])
      .map(([id, n]) => (Object.keys(f.connectors).length > 1 ? `${id}:${n}` : id))
      .join(' ');
    const why = f.reasons.length ? `  (${f.reasons[0]})` : '';
    return `${f.file}  ${f.records} records  ${conns || '-'}  ${f.rejects} rejects${why}`;
  });
  for (const e of s.errors) lines.push(`${e.path}  error: ${e.reason}`);
  const t = s.totals;
  lines.push(
    `${t.files} file(s), ${human(t.bytes)}, ${t.records} records sent, ${t.rejects} rejected before parsing, ${t.seconds}s (${s.mode}, tenant ${s.tenant}); parse rejects are in the dead-letter collection`,
  );
  return lines.join('\n') + '\n';
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description(
      'import log files and directories (.log .json .ndjson .evtx .gz .zip) through the ingest pipeline',
    )
    .option('-s, --source <id>', 'connector id (vigie connectors list)')
    .option('-a, --auto', 'detect the connector of each file (JSON/EVTX: of each record)')
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
    .argument('<paths...>', 'files or directories')
    .action(
      async (
        paths: string[],
        opts: {
          source?: string;
          auto?: boolean;
          tenant?: string;
          option: string[];
          url?: string;
          json?: boolean;
        },
      ) => {
        const connector = resolveSource(opts);
        const options = connectorOptions(opts.option);
        const { files, errors } = expandInputs(paths);
        if (files.length === 0)
          throw new Error(
            `nothing to import: ${errors.map((e) => `${e.path}: ${e.reason}`).join('; ') || 'no files'}`,
          );
        const config = loadConfig();
        const client = await connect(config, opts.url);
        let summary: ImportSummary;
        try {
          summary = await runImport(client, files, {
            tenant: opts.tenant ?? config.TENANT,
            connector,
            options,
            progress: process.stderr,
          });
        } finally {
          await client.close();
        }
        summary.errors = errors;
        process.stdout.write(opts.json ? JSON.stringify(summary) + '\n' : summaryText(summary));
        if (errors.length > 0) process.exitCode = 1;
      },
    );
}
