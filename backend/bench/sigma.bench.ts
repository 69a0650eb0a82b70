/**
 * Sigma engine benchmark: load + compile time of the whole SigmaHQ corpus, and events/s on one core for an ECS
 * event mix with (a) 100, (b) 1,000 and (c) every Windows rule. The ECS events are built from the shared data by
 * the real host connectors: the SigmaHQ regression twins (evtx_dump JSON) and the OTRF Windows datasets (NXLog
 * JSON in zip files). Also checks that the regression cases still fire through connectors + `ecs` pipeline.
 * Median of `--runs` runs (default 5) after a warm-up; events/s are measured on CPU time (one core).
 *
 *   npm run bench -- sigma [--json] [--runs 5] [--max-events 40000]
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import { getConnector, type Connector, type EcsDocument } from '@vigie/connectors';
import { compileRuleSet, loadRuleSet, parseEventStream, readRuleFiles, type SigmaRule } from 'sigma-ts';
import { parse as parseYaml } from 'yaml';
import { median, option } from './bench-report.js';

const CORPORA = fileURLToPath(new URL('../../../shared/corpora/', import.meta.url));
const SIGMAHQ = join(CORPORA, 'sigmahq');
const OTRF = join(CORPORA, 'otrf-security-datasets', 'host');
const MAINTAINED = [
  'rules',
  'rules-emerging-threats',
  'rules-threat-hunting',
  'rules-placeholder',
  'rules-compliance',
];
const WINDOWS_CONNECTORS = ['sysmon', 'windows-security', 'powershell', 'windows-system'];

function walk(dir: string, test: (name: string) => boolean, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, test, out);
    else if (test(name)) out.push(p);
  }
  return out;
}

/** Placeholder values so that rules-placeholder compiles (they only need to exist for a benchmark). */
const anyPlaceholder = new Proxy({} as Record<string, string[]>, {
  get: (_t, k) => [`placeholder-${String(k)}`],
});

const connectors: Connector[] = WINDOWS_CONNECTORS.map((id) => getConnector(id)).filter(
  (c): c is Connector => !!c,
);
const ctx = { options: { keepOriginal: false }, now: new Date('2026-01-01T00:00:00Z') };

/** One Windows record (evtx_dump JSON or NXLog JSON) → ECS through the first connector that accepts it. */
function toEcs(record: Record<string, unknown>): EcsDocument | undefined {
  for (const c of connectors) {
    const r = c.parse(record, ctx);
    if (r.kind === 'event') return r.event;
  }
  return undefined;
}

function readZipEntries(path: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error(`cannot open ${path}`));
      const texts: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!/\.json$/i.test(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            texts.push(Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(texts));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

interface Row {
  label: string;
  rules: number;
  events: number;
  eps: number;
  matches: number;
}

export async function run(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const runs = Math.max(3, Number(option(args, '--runs', '5')));
  const maxEvents = Number(option(args, '--max-events', '40000'));
  if (!existsSync(SIGMAHQ)) throw new Error(`sigma bench: corpus not found at ${SIGMAHQ}`);
  const log = (s: string) => (json ? process.stderr.write(s + '\n') : process.stdout.write(s + '\n'));

  // 1. Load + compile the whole corpus: median CPU time of 5 runs after a cold one.
  const files = readRuleFiles(MAINTAINED.map((d) => join(SIGMAHQ, d)));
  const loadTimes: number[] = [];
  const compileTimes: number[] = [];
  let set = loadRuleSet(files, { placeholders: anyPlaceholder });
  const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
  for (let i = 0; i < 5; i++) {
    const c0 = process.cpuUsage();
    set = loadRuleSet(files, { placeholders: anyPlaceholder });
    loadTimes.push(cpuMs(process.cpuUsage(c0)));
    const c1 = process.cpuUsage();
    compileRuleSet(set, { pipeline: 'ecs' });
    compileTimes.push(cpuMs(process.cpuUsage(c1)));
  }
  const loadMs = median(loadTimes);
  const compileOnlyMs = median(compileTimes);
  const rulesTotal = set.rules.length;

  // 2. ECS event mix from the shared data.
  const twins = walk(join(SIGMAHQ, 'regression_data'), (n) => n.endsWith('.json'));
  const regression: { ruleId: string; events: EcsDocument[]; need: number }[] = [];
  const events: EcsDocument[] = [];
  let unconverted = 0;
  for (const info of walk(join(SIGMAHQ, 'regression_data'), (n) => n === 'info.yml')) {
    const y = parseYaml(readFileSync(info, 'utf8'));
    const t = y.regression_tests_info?.[0];
    if (!t) continue;
    const parsed = parseEventStream(readFileSync(join(SIGMAHQ, t.path.replace(/\.evtx$/, '.json')), 'utf8'));
    if (!parsed.ok) continue;
    const ecs = parsed.events
      .map((e) => toEcs(e as Record<string, unknown>))
      .filter((e): e is EcsDocument => !!e);
    unconverted += parsed.events.length - ecs.length;
    regression.push({ ruleId: y.rule_metadata[0].id, events: ecs, need: t.match_count ?? 1 });
    events.push(...ecs);
  }
  let otrfFiles = 0;
  if (existsSync(OTRF)) {
    for (const zip of walk(OTRF, (n) => n.endsWith('.zip'))) {
      if (events.length >= maxEvents) break;
      let texts: string[];
      try {
        texts = await readZipEntries(zip);
      } catch {
        continue; // an archive yauzl refuses (e.g. trailing bytes after the central directory)
      }
      otrfFiles++;
      for (const text of texts) {
        for (const line of text.split('\n')) {
          if (!line.trim() || events.length >= maxEvents) continue;
          let rec: Record<string, unknown>;
          try {
            rec = JSON.parse(line);
          } catch {
            continue;
          }
          const ecs = toEcs(rec);
          if (ecs) events.push(ecs);
          else unconverted++;
        }
      }
    }
  }
  log(
    `event mix: ${events.length} ECS events (${twins.length} regression twins, ${otrfFiles} OTRF datasets; ${unconverted} records no Windows connector accepted)`,
  );

  // 3. Rule subsets: Windows rules, spread over the corpus.
  const windows = set.rules.filter((r) => r.logsource.product === 'windows');
  const spread = (n: number): SigmaRule[] => {
    if (n >= windows.length) return windows;
    const step = windows.length / n;
    return Array.from({ length: n }, (_, i) => windows[Math.floor(i * step)]);
  };
  const measure = (label: string, rules: SigmaRule[]): Row => {
    const engine = compileRuleSet({ rules, filters: [] }, { pipeline: 'ecs' });
    let matches = 0;
    for (const e of events) matches += engine.match(e).length; // warm-up
    const eps: number[] = [];
    for (let r = 0; r < runs; r++) {
      // CPU time of this (single-threaded) process: robust to other load on a shared machine.
      const c0 = process.cpuUsage();
      for (let i = 0; i < events.length; i++) engine.match(events[i]);
      const c = process.cpuUsage(c0);
      eps.push(events.length / ((c.user + c.system) / 1e6));
    }
    return { label, rules: rules.length, events: events.length, eps: Math.round(median(eps)), matches };
  };
  const rows = [
    measure('(a) 100 rules', spread(100)),
    measure('(b) 1,000 rules', spread(1000)),
    measure('(c) every Windows rule', windows),
  ];
  const all = compileRuleSet({ rules: windows, filters: [] }, { pipeline: 'ecs' });
  globalThis.gc?.();
  const heapMb = Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10;

  // 4. Regression cases through connectors + ecs pipeline.
  let fire = 0;
  const missed: string[] = [];
  for (const c of regression) {
    let n = 0;
    for (const e of c.events) n += all.match(e).filter((m) => m.rule.id === c.ruleId).length;
    if (n >= c.need) fire++;
    else missed.push(c.ruleId);
  }

  log('');
  log(
    `corpus: ${files.length} files, ${rulesTotal} rules; load (YAML + schema) ${loadMs.toFixed(0)} ms, compile ${compileOnlyMs.toFixed(0)} ms, total ${(loadMs + compileOnlyMs).toFixed(0)} ms`,
  );
  log('');
  log('| subset | rules | events | events/s (median) | matches |');
  log('|---|---:|---:|---:|---:|');
  for (const r of rows)
    log(`| ${r.label} | ${r.rules} | ${r.events} | ${r.eps.toLocaleString('en-US')} | ${r.matches} |`);
  log('');
  log(`cost (c)/(a): ${(rows[0].eps / rows[2].eps).toFixed(2)}x; heap used ${heapMb} MB`);
  log(
    `regression through connectors + ecs pipeline: ${fire}/${regression.length} cases fire${missed.length ? ` (missed: ${missed.slice(0, 20).join(', ')}${missed.length > 20 ? ', …' : ''})` : ''}`,
  );
  if (json) {
    process.stdout.write(
      JSON.stringify({
        compile_ms: Math.round(loadMs + compileOnlyMs),
        load_ms: Math.round(loadMs),
        compile_only_ms: Math.round(compileOnlyMs),
        rules_total: rulesTotal,
        eps_100: rows[0].eps,
        eps_1000: rows[1].eps,
        eps_all_windows: rows[2].eps,
        rules_all_windows: windows.length,
        heap_mb: heapMb,
        events: events.length,
        ecs_regression_fire: fire,
        ecs_regression_total: regression.length,
      }) + '\n',
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
