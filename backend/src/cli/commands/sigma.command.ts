/**
 * `vigie sigma …`: check rule files, scan event files, convert rules to Elasticsearch DSL or DuckDB SQL, and run
 * the test events our own rules carry (`<rule>.tests.yml`, see backend/libs/sigma-ts/README.md).
 */
import { readFileSync } from 'node:fs';
import type { Connector, ConnectorOptions } from '@vigie/connectors';
import type { Command } from 'commander';
import {
  PIPELINE_NAMES,
  compileRuleSet,
  listEventFiles,
  loadRuleSet,
  readEventFile,
  readRuleFiles,
  runRuleTests,
  toElasticsearchQuery,
  toSqlWhere,
  type Issue,
  type PipelineName,
  type Placeholders,
} from 'sigma-ts';
import { connectorOptions } from '../import/connector-options.js';
import { parseEvidenceFile } from '../import/parsed-events.js';
import { resolveSource } from '../import/resolve-source.js';
import { expandInputs } from '../import/walk-inputs.js';
import { collectOption } from './options.js';

type Out = (line: string) => void;

const out: Out = (line) => process.stdout.write(line + '\n');
const err: Out = (line) => process.stderr.write(line + '\n');

function pipelineOption(v: string): PipelineName {
  if (!(PIPELINE_NAMES as string[]).includes(v))
    throw new Error(`--pipeline must be one of ${PIPELINE_NAMES.join(', ')}`);
  return v as PipelineName;
}

function readPlaceholders(path: string | undefined): Placeholders | undefined {
  if (!path) return undefined;
  const v = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw new Error(`${path}: placeholders must be a JSON object of lists`);
  return v as Placeholders;
}

function issueLine(kind: string, i: Issue): string {
  return `${kind} ${i.path}${i.id ? ` [${i.id}]` : ''}: ${i.reason}`;
}

/** A DuckDB JSON path literal for a dotted field, quoting segments that are not plain identifiers. */
export function jsonPathSql(field: string): string {
  const path = field
    .split('.')
    .map((seg) => (/^[A-Za-z_@][A-Za-z0-9_@]*$/.test(seg) ? seg : `"${seg.replace(/"/g, '\\"')}"`))
    .join('.');
  return `'$.${path.replace(/'/g, "''")}'`;
}

export interface CheckReport {
  total: number;
  loaded: number;
  rejected: Issue[];
  degraded: Issue[];
}

export function checkRules(
  paths: string[],
  pipeline: PipelineName,
  placeholders?: Placeholders,
): CheckReport {
  const set = loadRuleSet(readRuleFiles(paths), { pipeline, placeholders });
  const engine = compileRuleSet(set, { pipeline });
  const rejected = [...set.rejected, ...engine.rejected];
  const loaded = set.rules.length - engine.rejected.length + set.correlations.length + set.filters.length;
  return { total: set.total, loaded, rejected, degraded: engine.degraded };
}

export interface ScanMatch {
  rule_id: string;
  rule_title: string;
  level?: string;
  file: string;
  event_index: number;
}

export interface ScanReport {
  events: number;
  matches: ScanMatch[];
  per_rule: Record<string, number>;
  events_per_sec: number;
  errors: { path: string; reason: string }[];
}

export function scanEvents(
  rulePaths: string[],
  eventPaths: string[],
  pipeline: PipelineName,
  placeholders?: Placeholders,
): ScanReport & { rejected: Issue[] } {
  const set = loadRuleSet(readRuleFiles(rulePaths), { pipeline, placeholders });
  const engine = compileRuleSet(set, { pipeline });
  const report: ScanReport & { rejected: Issue[] } = {
    events: 0,
    matches: [],
    per_rule: {},
    events_per_sec: 0,
    errors: [],
    rejected: [...set.rejected, ...engine.rejected],
  };
  let matchMs = 0;
  for (const path of listEventFiles(eventPaths)) {
    const r = readEventFile(path);
    if (!r.ok) {
      report.errors.push({ path: r.path, reason: r.reason });
      continue;
    }
    const t0 = performance.now();
    const results = engine.matchBatch(r.file.events);
    matchMs += performance.now() - t0;
    results.forEach((ms, i) => {
      for (const m of ms) {
        report.matches.push({
          rule_id: m.rule.id,
          rule_title: m.rule.title,
          level: m.rule.level,
          file: path,
          event_index: i,
        });
        report.per_rule[m.rule.id] = (report.per_rule[m.rule.id] ?? 0) + 1;
      }
    });
    report.events += r.file.events.length;
  }
  report.events_per_sec = matchMs > 0 ? Math.round((report.events / matchMs) * 1000) : 0;
  return report;
}

/**
 * Scans raw evidence (any file `vigie import` reads) after parsing it with a connector (`--source`) or the
 * auto-detected ones (`--auto`): events are matched through the `ecs` pipeline.
 */
export async function scanEvidence(
  rulePaths: string[],
  eventPaths: string[],
  connector: Connector | undefined,
  options: ConnectorOptions,
  placeholders?: Placeholders,
): Promise<ScanReport & { rejected: Issue[]; parse_rejects: number; connectors: Record<string, number> }> {
  const set = loadRuleSet(readRuleFiles(rulePaths), { pipeline: 'ecs', placeholders });
  const engine = compileRuleSet(set, { pipeline: 'ecs' });
  const { files, errors } = expandInputs(eventPaths);
  const report = {
    events: 0,
    matches: [] as ScanMatch[],
    per_rule: {} as Record<string, number>,
    events_per_sec: 0,
    errors: [...errors],
    rejected: [...set.rejected, ...engine.rejected],
    parse_rejects: 0,
    connectors: {} as Record<string, number>,
  };
  let matchMs = 0;
  for (const f of files) {
    const parsed = await parseEvidenceFile(f.path, connector, options);
    report.parse_rejects += parsed.rejects;
    for (const [id, n] of Object.entries(parsed.connectors))
      report.connectors[id] = (report.connectors[id] ?? 0) + n;
    const t0 = performance.now();
    const results = engine.matchBatch(parsed.events);
    matchMs += performance.now() - t0;
    results.forEach((ms, i) => {
      for (const m of ms) {
        report.matches.push({
          rule_id: m.rule.id,
          rule_title: m.rule.title,
          level: m.rule.level,
          file: f.path,
          event_index: i,
        });
        report.per_rule[m.rule.id] = (report.per_rule[m.rule.id] ?? 0) + 1;
      }
    });
    report.events += parsed.events.length;
  }
  report.events_per_sec = matchMs > 0 ? Math.round((report.events / matchMs) * 1000) : 0;
  return report;
}

export function registerSigmaCommands(program: Command): void {
  const sigma = program.command('sigma').description('Sigma rules: check, scan, convert, test');

  sigma
    .command('check')
    .description('Load and compile Sigma rules; report rejected and degraded rules')
    .argument('<paths...>', 'rule files or directories')
    .option('--json', 'print one JSON object')
    .option(
      '--pipeline <name>',
      'field-mapping pipeline (ecs, evtx-json, none)',
      pipelineOption,
      'ecs' as PipelineName,
    )
    .option('--placeholders <file>', 'JSON object of value lists for the expand modifier')
    .action((paths: string[], o: { json?: boolean; pipeline: PipelineName; placeholders?: string }) => {
      const r = checkRules(paths, o.pipeline, readPlaceholders(o.placeholders));
      if (o.json) out(JSON.stringify(r));
      else {
        out(
          `${r.total} documents, ${r.loaded} loaded, ${r.rejected.length} rejected, ${r.degraded.length} degraded (pipeline ${o.pipeline})`,
        );
        for (const i of r.rejected) out(issueLine('rejected', i));
        for (const i of r.degraded) out(issueLine('degraded', i));
      }
      if (r.rejected.length) process.exitCode = 1;
    });

  sigma
    .command('scan')
    .description(
      'Match events against Sigma rules: event files (NDJSON, JSON arrays, concatenated JSON objects) as they are, or raw evidence (.log .json .evtx .gz .zip, directories) parsed by a connector with --source <id> or --auto',
    )
    .requiredOption('--rules <paths...>', 'rule files or directories')
    .requiredOption('--events <paths...>', 'event files or directories')
    .option(
      '--pipeline <name>',
      'field-mapping pipeline (ecs, evtx-json, none); ecs with --source/--auto',
      pipelineOption,
      'ecs' as PipelineName,
    )
    .option('--source <id>', 'parse the events with this connector first (see vigie connectors list)')
    .option('--auto', 'parse the events with the auto-detected connectors first')
    .option(
      '-o, --option <key=value>',
      'connector option with --source/--auto, repeatable',
      collectOption,
      [] as string[],
    )
    .option('--placeholders <file>', 'JSON object of value lists for the expand modifier')
    .option('--json', 'print one JSON object')
    .action(
      async (o: {
        rules: string[];
        events: string[];
        pipeline: PipelineName;
        source?: string;
        auto?: boolean;
        option: string[];
        placeholders?: string;
        json?: boolean;
      }) => {
        const raw = o.source !== undefined || o.auto === true;
        const r = raw
          ? await scanEvidence(
              o.rules,
              o.events,
              resolveSource(o),
              connectorOptions(o.option),
              readPlaceholders(o.placeholders),
            )
          : scanEvents(o.rules, o.events, o.pipeline, readPlaceholders(o.placeholders));
        for (const e of r.errors) err(`error ${e.path}: ${e.reason}`);
        if (o.json) {
          out(
            JSON.stringify({
              events: r.events,
              matches: r.matches,
              per_rule: r.per_rule,
              events_per_sec: r.events_per_sec,
            }),
          );
        } else {
          out(
            `${r.events} events, ${r.matches.length} matches, ${Object.keys(r.per_rule).length} rules fired, ${r.events_per_sec} events/s`,
          );
          for (const m of r.matches)
            out(`${m.level ?? '-'} ${m.rule_id} ${m.rule_title} ${m.file}#${m.event_index}`);
          if (r.rejected.length) out(`${r.rejected.length} rules rejected (run 'sigma check' for details)`);
          if ('parse_rejects' in r && r.parse_rejects)
            out(`${r.parse_rejects} records could not be parsed (vigie parse shows why)`);
        }
        if (r.errors.length) process.exitCode = 1;
      },
    );

  sigma
    .command('convert')
    .description('Convert detection rules to Elasticsearch query DSL or DuckDB SQL (mapped field names)')
    .requiredOption('--rules <path>', 'rule file or directory')
    .requiredOption('--target <target>', 'es-dsl or duckdb-sql')
    .option(
      '--pipeline <name>',
      'field-mapping pipeline (ecs, evtx-json, none)',
      pipelineOption,
      'ecs' as PipelineName,
    )
    .option('--doc-column <name>', 'JSON column holding the event (duckdb-sql)', 'doc')
    .option('--placeholders <file>', 'JSON object of value lists for the expand modifier')
    .action(
      (o: {
        rules: string;
        target: string;
        pipeline: PipelineName;
        docColumn: string;
        placeholders?: string;
      }) => {
        if (o.target !== 'es-dsl' && o.target !== 'duckdb-sql') {
          err(`--target must be es-dsl or duckdb-sql, got '${o.target}'`);
          process.exitCode = 2;
          return;
        }
        const set = loadRuleSet(readRuleFiles([o.rules]), {
          pipeline: o.pipeline,
          placeholders: readPlaceholders(o.placeholders),
        });
        for (const i of set.rejected) err(issueLine('rejected', i));
        const col = o.docColumn.replace(/"/g, '""');
        const fieldSql = (f: string) => `json_extract_string("${col}", ${jsonPathSql(f)})`;
        let failed = 0;
        for (const rule of set.rules) {
          const r =
            o.target === 'es-dsl'
              ? toElasticsearchQuery(rule, { pipeline: o.pipeline, logsourceFilter: o.pipeline === 'ecs' })
              : toSqlWhere(rule, { pipeline: o.pipeline, fieldSql, allTextSql: `CAST("${col}" AS VARCHAR)` });
          if (!r.ok) {
            failed++;
            err(`unconvertible ${rule.path} [${rule.id}]: ${r.reason}`);
            continue;
          }
          out(
            JSON.stringify({
              id: rule.id,
              title: rule.title,
              ...('query' in r ? { query: r.query } : { sql: r.sql }),
            }),
          );
        }
        if (failed || set.rejected.length) process.exitCode = 1;
      },
    );

  sigma
    .command('test')
    .description('Run the positive/negative test events of rules (<rule>.tests.yml beside <rule>.yml)')
    .argument('<dir>', 'rules directory')
    .option('--json', 'print one JSON object')
    .option('--placeholders <file>', 'JSON object of value lists for the expand modifier')
    .action((dir: string, o: { json?: boolean; placeholders?: string }) => {
      const r = runRuleTests([dir], { placeholders: readPlaceholders(o.placeholders) });
      if (o.json) out(JSON.stringify(r));
      else {
        for (const t of r.results) {
          out(
            `${t.failures.length ? 'FAIL' : 'ok  '} ${t.path} (${t.positives} positive, ${t.negatives} negative)`,
          );
          for (const f of t.failures) out(`     ${f}`);
        }
        for (const i of r.rejected) out(issueLine('rejected', i));
        out(
          `${r.withTests} rules with tests (${r.files} rule files): ${r.passed} passed, ${r.failed} failed`,
        );
      }
      if (r.failed || r.rejected.length) process.exitCode = 1;
    });
}
