/**
 * `npm run bench -- <name> [--json]`: runs one benchmark (storage, sigma, connectors, evtx) and prints a table;
 * with --json the last line printed is the benchmark's JSON summary.
 */
import 'reflect-metadata';

const BENCHES: Record<string, () => Promise<{ run: (args: string[]) => Promise<unknown> }>> = {
  storage: () => import('./storage.bench.js'),
  sigma: () => import('./sigma.bench.js'),
  evtx: () => import('./evtx.bench.js'),
  connectors: () => import('./connectors.bench.js'),
  baselines: () => import('./baselines.bench.js'),
  pipeline: () => import('./pipeline.bench.js'),
};

const [name, ...args] = process.argv.slice(2);
if (!name || !BENCHES[name]) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [--json]\n`);
  process.exit(2);
}
process.env.LOG_LEVEL ??= 'warn';
const mod = await BENCHES[name]();
await mod.run(args);
