/**
 * `vigie parse --source <id>|--auto <file>`: parses a file locally (no server, nothing stored) and prints one ECS
 * document per line on stdout; each reject is one JSON line `{"line":N,"reason":…}` on stderr. Any file format
 * the importer reads works (.log, .json, .ndjson, .evtx, .gz, .zip). Exit 0 even with rejects; non-zero only for
 * unusable arguments (unknown source, unreadable file, bad option).
 */
import { accessSync, constants, statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { safeParse, type Connector, type ConnectorOptions } from '@vigie/connectors';
import { connectorOptions } from '../import/connector-options.js';
import { collectOption } from './options.js';
import { readFileRecords } from '@vigie/connectors';
import { fileBytes } from '../import/file-bytes.js';
import { routeRecords } from '../import/record-router.js';
import { resolveSource } from '../import/resolve-source.js';
import { sampleSource } from '../import/sample-source.js';

export interface ParseSummary {
  records: number;
  events: number;
  skipped: number;
  rejects: number;
  connectors: Record<string, number>;
}

/** Buffers output lines and writes them in pieces, waiting for `drain` when the stream is full. */
class LineWriter {
  private buf = '';
  constructor(private readonly stream: Writable) {}
  async line(s: string): Promise<void> {
    this.buf += s + '\n';
    if (this.buf.length >= 64 * 1024) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.buf === '') return;
    const chunk = this.buf;
    this.buf = '';
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }
}

export async function parseFile(
  path: string,
  opts: { connector?: Connector; options: ConnectorOptions; out: Writable; err: Writable; now?: Date },
): Promise<ParseSummary> {
  const out = new LineWriter(opts.out);
  const err = new LineWriter(opts.err);
  const summary: ParseSummary = { records: 0, events: 0, skipped: 0, rejects: 0, connectors: {} };
  const perRecordMembers: string[] = [];
  const source = opts.connector?.id ?? (await sampleSource(path));
  const items = readFileRecords(path, fileBytes(path), { source });
  const routed = routeRecords(items, {
    connector: opts.connector,
    onDetect: (member, connector, confidence, mode) => {
      if (mode === 'per-record') perRecordMembers.push(member);
      else
        void err.line(JSON.stringify({ auto: { file: member, connector: connector ?? null, confidence } }));
    },
  });
  const ctx = { options: opts.options, now: opts.now ?? new Date() };
  for await (const it of routed) {
    if (it.kind === 'member') continue;
    const line = it.line ?? it.position + 1;
    if (it.kind === 'reject') {
      summary.rejects++;
      await err.line(
        JSON.stringify({ line, reason: it.reason, ...(it.member !== path ? { member: it.member } : {}) }),
      );
      continue;
    }
    summary.records++;
    summary.connectors[it.connector.id] = (summary.connectors[it.connector.id] ?? 0) + 1;
    const outcome = safeParse(it.connector, it.record, ctx);
    if (outcome.kind === 'event') {
      summary.events++;
      await out.line(JSON.stringify(outcome.event));
    } else if (outcome.kind === 'skip') summary.skipped++;
    else {
      summary.rejects++;
      await err.line(
        JSON.stringify({
          line,
          reason: outcome.reason || `${it.connector.id}: rejected without a reason`,
          ...(it.member !== path ? { member: it.member } : {}),
        }),
      );
    }
  }
  if (perRecordMembers.length > 0) {
    await err.line(
      JSON.stringify({ auto: { file: path, mode: 'per-record', connectors: summary.connectors } }),
    );
  }
  await out.flush();
  await err.flush();
  return summary;
}

export function registerParseCommand(program: Command): void {
  program
    .command('parse')
    .description(
      'parse a log file to ECS NDJSON on stdout (rejects as JSON lines on stderr); nothing is stored',
    )
    .option('-s, --source <id>', 'connector id (vigie connectors list)')
    .option('-a, --auto', 'detect the connector from the records')
    .option(
      '-o, --option <key=value>',
      'connector option, repeatable, e.g. timezone=Europe/Paris',
      collectOption,
      [] as string[],
    )
    .argument('<file>', '.log, .json, .ndjson, .evtx, .gz or .zip file')
    .action(async (file: string, opts: { source?: string; auto?: boolean; option: string[] }) => {
      const connector = resolveSource(opts);
      const options = connectorOptions(opts.option);
      try {
        accessSync(file, constants.R_OK);
        if (!statSync(file).isFile()) throw new Error('not a regular file');
      } catch (e) {
        throw new Error(
          `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
          {
            cause: e,
          },
        );
      }
      // A closed reader (`vigie parse … | head`) ends the command quietly.
      process.stdout.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') process.exit(0);
        throw e;
      });
      await parseFile(file, { connector, options, out: process.stdout, err: process.stderr });
    });
}
