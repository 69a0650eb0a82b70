/**
 * EVTX decoding throughput: records/s on one core over every SigmaHQ regression .evtx file, on the process's CPU
 * time (as the sigma bench), so that other load on the machine does not count against the decoder.
 * Files are loaded into memory first; each run decodes all of them (file header, chunk
 * checksums, BinXML, evtx_dump JSON rendering) `--repeat` times. Reports the median of `--runs`
 * runs (default 7, at least 5) after one warm-up run.
 *
 *   node --import tsx backend/bench/evtx.bench.ts [--runs 7] [--repeat 20] [--dir <regression_data>]
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEvtxBuffer } from '@vigie/connectors';
import { median, option } from './bench-report.js';

const DEFAULT_DIR = fileURLToPath(
  new URL('../../../shared/corpora/sigmahq/regression_data', import.meta.url),
);

function evtxFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) evtxFiles(p, out);
    else if (name.endsWith('.evtx')) out.push(p);
  }
  return out;
}

export async function run(args: string[]): Promise<{ evtx_rps: number }> {
  const dir = option(args, '--dir', DEFAULT_DIR);
  const runs = Math.max(5, Number(option(args, '--runs', '7')));
  const repeat = Math.max(1, Number(option(args, '--repeat', '20')));
  if (!existsSync(dir)) throw new Error(`evtx bench: corpus directory not found: ${dir}`);
  const buffers = evtxFiles(dir).map((f) => readFileSync(f));
  const bytes = buffers.reduce((n, b) => n + b.length, 0);

  const once = (): { records: number; issues: number; seconds: number } => {
    let records = 0;
    let issues = 0;
    const c0 = process.cpuUsage();
    for (let r = 0; r < repeat; r++) {
      for (const buf of buffers) {
        for (const item of readEvtxBuffer(buf)) {
          if (item.kind === 'record') records++;
          else if (item.kind === 'issue') issues++;
        }
      }
    }
    const c = process.cpuUsage(c0);
    return { records, issues, seconds: (c.user + c.system) / 1e6 };
  };

  once(); // warm-up (JIT)
  const rows: { run: number; records: number; issues: number; seconds: number; rps: number; mbps: number }[] =
    [];
  for (let i = 1; i <= runs; i++) {
    const r = once();
    rows.push({ run: i, ...r, rps: r.records / r.seconds, mbps: (bytes * repeat) / r.seconds / 1e6 });
  }
  const evtx_rps = Math.round(median(rows.map((r) => r.rps)));
  console.log(
    `evtx: ${buffers.length} files, ${(bytes / 1e6).toFixed(1)} MB, ×${repeat} per run, ${runs} runs`,
  );
  console.table(
    rows.map((r) => ({
      run: r.run,
      records: r.records,
      issues: r.issues,
      seconds: r.seconds.toFixed(3),
      'records/s': Math.round(r.rps),
      'MB/s': r.mbps.toFixed(1),
    })),
  );
  console.log(`evtx median: ${evtx_rps} records/s (target ≥ 30000)`);
  return { evtx_rps };
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  run(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
