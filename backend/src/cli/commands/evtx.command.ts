/**
 * `vigie evtx dump <file.evtx>`: one evtx_dump-style JSON object per line on stdout, one JSON
 * line per problem on stderr. Exit code 0 when at least the file header was readable, 1 otherwise.
 */
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { readEvtxFile, stringifyEvtxJson } from '@vigie/connectors';

async function write(stream: Writable, line: string): Promise<void> {
  if (!stream.write(line)) {
    await new Promise<void>((resolve, reject) => {
      const done = (err?: Error): void => {
        stream.off('drain', done);
        stream.off('error', done);
        if (err) reject(err);
        else resolve();
      };
      stream.once('drain', done);
      stream.once('error', done);
    });
  }
}

export interface EvtxDumpSummary {
  headerOk: boolean;
  records: number;
  issues: number;
}

/** Dump one file; returns what was seen (the command turns it into an exit code). */
export async function dumpEvtx(
  file: string,
  out: Writable,
  err: Writable,
  options: { checksums?: boolean } = {},
): Promise<EvtxDumpSummary> {
  const summary: EvtxDumpSummary = { headerOk: false, records: 0, issues: 0 };
  for await (const item of readEvtxFile(file, { checksums: options.checksums !== false })) {
    if (item.kind === 'record') {
      summary.records++;
      await write(out, stringifyEvtxJson(item.event) + '\n');
    } else if (item.kind === 'issue') {
      summary.issues++;
      await write(err, stringifyEvtxJson({ file, ...item }) + '\n');
    } else summary.headerOk = true;
  }
  return summary;
}

export function registerEvtxCommands(program: Command): void {
  const evtx = program.command('evtx').description('Windows XML Event Log (.evtx) tools');
  evtx
    .command('dump')
    .description(
      'print every record as one evtx_dump-style JSON object per line; problems go to stderr as JSON lines',
    )
    .argument('<file>', '.evtx file')
    .option('--no-checksums', 'do not verify file-header and chunk CRC32 checksums')
    .action(async (file: string, opts: { checksums: boolean }) => {
      const summary = await dumpEvtx(file, process.stdout, process.stderr, { checksums: opts.checksums });
      process.exitCode = summary.headerOk ? 0 : 1;
    });
}
