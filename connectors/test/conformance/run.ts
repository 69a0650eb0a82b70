/**
 * CLI: `npx tsx test/conformance/run.ts [--source <connector-id>] [--verbose] [--json]` (from `connectors/`).
 * Prints the agreement of every connector with Elastic's expected ECS output; exits 2 when the corpus is absent.
 */
import { existsSync } from 'node:fs';
import { elasticCorpusDir } from './corpus.js';
import { formatReport } from './report.js';
import { runConformance } from './runner.js';

function main(argv: string[]): number {
  let source: string | undefined;
  let verbose = false;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--source' || a === '-s') source = argv[++i];
    else if (a.startsWith('--source=')) source = a.slice('--source='.length);
    else if (a === '--verbose' || a === '-v') verbose = true;
    else if (a === '--json') json = true;
    else {
      console.error(`unknown argument "${a}"\nusage: run.ts [--source <connector-id>] [--verbose] [--json]`);
      return 1;
    }
  }
  const dir = elasticCorpusDir();
  if (!existsSync(dir)) {
    console.error(`Elastic corpus not found at ${dir} (set VIGIE_CORPORA to the corpora folder)`);
    return 2;
  }
  const report = runConformance({ source });
  if (source && report.sources.length === 0) {
    console.error(`no registered connector "${source}" with elasticFixtures`);
    return 1;
  }
  console.log(json ? JSON.stringify(report, null, 2) : formatReport(report, verbose));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
