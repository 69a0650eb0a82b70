import type { Command } from 'commander';
import { loadConfig } from '../../config/config.schema.js';
import type { IncidentChange } from '../../incidents/incidents.client.js';
import {
  INCIDENT_STATUSES,
  VERDICTS,
  type IncidentStatus,
  type VerdictValue,
} from '../../incidents/incident.model.js';
import { INCIDENT_SORTS, type IncidentSort } from '../../incidents/list-incidents.use-case.js';
import { connect, type VigieClient } from '../vigie-client.js';

interface Common {
  tenant?: string;
  url?: string;
  user?: string;
  json?: boolean;
}

const VERDICT_ALIASES: Record<string, VerdictValue> = {
  tp: 'true_positive',
  fp: 'false_positive',
  btp: 'benign_true_positive',
};

function verdictOf(v: string | undefined): VerdictValue | undefined {
  if (v === undefined) return undefined;
  const value = VERDICT_ALIASES[v] ?? v;
  if (!VERDICTS.includes(value as VerdictValue))
    throw new Error(`--verdict must be one of ${VERDICTS.join(', ')} (or tp, fp, btp), got "${v}"`);
  return value as VerdictValue;
}

function list<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
): T[] | undefined {
  if (!value) return undefined;
  const out = value.split(',').map((s) => s.trim());
  const bad = out.filter((s) => !allowed.includes(s as T));
  if (bad.length) throw new Error(`${flag}: unknown ${bad.join(', ')} (allowed: ${allowed.join(', ')})`);
  return out as T[];
}

async function withClient<T>(
  opts: Common,
  fn: (client: VigieClient, tenant: string) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const client = await connect(config, opts.url);
  try {
    return await fn(client, opts.tenant ?? config.TENANT);
  } finally {
    await client.close();
  }
}

const common = (cmd: Command) =>
  cmd
    .option('-t, --tenant <tenant>', 'tenant (default: TENANT)')
    .option(
      '--url <url>',
      'Vigie server URL (default: VIGIE_URL, or a server on PORT if one answers, else in-process)',
    );

/** Applies a change to the incident's current version (or `--expect-version`), and prints the result. */
async function change(
  id: string,
  opts: Common & { expectVersion?: string },
  c: IncidentChange,
): Promise<void> {
  await withClient(opts, async (client, tenant) => {
    const version = opts.expectVersion ?? (await client.incidents.show(tenant, id)).version;
    const out = await client.incidents.change(
      tenant,
      opts.user ?? process.env.VIGIE_USER ?? 'analyst',
      id,
      version,
      c,
    );
    if (opts.json) process.stdout.write(JSON.stringify(out.summary) + '\n');
    else
      process.stdout.write(
        `${out.summary.id}  ${out.summary.status}  assignee=${out.summary.assignee ?? '-'}  version=${out.version}\n`,
      );
  });
}

const changeOpts = (cmd: Command) =>
  common(cmd)
    .option('-u, --user <name>', 'acting analyst (default: VIGIE_USER, else analyst)')
    .option('--expect-version <v>', 'fail with a conflict unless the incident is still at this version')
    .option('--json', 'print the updated incident summary as JSON');

export function registerIncidentsCommands(program: Command): void {
  const incidents = program
    .command('incidents')
    .description('the incident queue: list, show, acknowledge, assign, resolve, close');

  common(incidents.command('list'))
    .description('list incidents (newest first)')
    .option('--status <list>', `comma-separated: ${INCIDENT_STATUSES.join(', ')}`)
    .option('--severity <list>', 'comma-separated severities')
    .option('--assignee <name>', 'analyst, or "none" for unassigned')
    .option('--risk-type <type>', 'risk type of one of the alerts')
    .option('--sort <field>', `one of ${INCIDENT_SORTS.join(', ')}`, 'created_at')
    .option('--asc', 'ascending order')
    .option('-n, --size <n>', 'number of incidents', '50')
    .option(
      '--json',
      'print [{id,title,status,severity,risk,assignee,alert_count,entities,created_at,updated_at}]',
    )
    .action(
      async (
        opts: Common & {
          status?: string;
          severity?: string;
          assignee?: string;
          riskType?: string;
          sort: string;
          asc?: boolean;
          size: string;
        },
      ) => {
        if (!INCIDENT_SORTS.includes(opts.sort as IncidentSort))
          throw new Error(`--sort must be one of ${INCIDENT_SORTS.join(', ')}`);
        await withClient(opts, async (client, tenant) => {
          const page = await client.incidents.list(tenant, {
            status: list(opts.status, INCIDENT_STATUSES, '--status'),
            severity: list(
              opts.severity,
              ['informational', 'low', 'medium', 'high', 'critical'] as const,
              '--severity',
            ),
            assignee: opts.assignee,
            risk_type: opts.riskType,
            sort: opts.sort as IncidentSort,
            order: opts.asc ? 'asc' : 'desc',
            size: Number(opts.size),
          });
          if (opts.json) {
            const rows = page.items.map((i) => ({
              id: i.id,
              title: i.title,
              status: i.status,
              severity: i.severity,
              risk: i.risk,
              assignee: i.assignee,
              alert_count: i.alert_count,
              entities: i.entities,
              created_at: i.created_at,
              updated_at: i.updated_at,
            }));
            process.stdout.write(JSON.stringify(rows) + '\n');
            return;
          }
          for (const i of page.items) {
            process.stdout.write(
              `${i.id}  ${i.status.padEnd(12)} ${i.severity.padEnd(13)} risk ${String(i.risk).padStart(3)}  ${String(i.alert_count).padStart(4)} alert(s)  ${(i.assignee ?? '-').padEnd(10)} ${i.title}\n`,
            );
          }
          const counts = Object.entries(page.counts.status)
            .map(([s, n]) => `${s} ${n}`)
            .join(' · ');
          process.stdout.write(`${page.items.length} of ${page.total} incident(s) — ${counts}\n`);
        });
      },
    );

  common(incidents.command('show'))
    .description('one incident with its alerts and events')
    .argument('<id>')
    .option('--json', 'print the incident, its version, alerts and events as JSON')
    .action(async (id: string, opts: Common) => {
      await withClient(opts, async (client, tenant) => {
        const d = await client.incidents.show(tenant, id);
        if (opts.json) {
          process.stdout.write(JSON.stringify(d) + '\n');
          return;
        }
        const i = d.incident;
        const line = (k: string, v: unknown) => process.stdout.write(`${k.padEnd(14)}${v}\n`);
        line('id', `${i.id} (version ${d.version})`);
        line('title', i.title);
        line(
          'status',
          `${i.status}${i.verdict ? ` — ${i.verdict.value}${i.verdict.reason ? ` (${i.verdict.reason})` : ''}` : ''}`,
        );
        line(
          'severity',
          `${i.severity}, risk ${i.risk}${i.risk_types.length ? ` (${i.risk_types.join(', ')})` : ''}`,
        );
        line('assignee', i.assignee ?? '-');
        line(
          'sla',
          `ack by ${i.sla.acknowledge_due}${i.sla.acknowledge_breached ? ' BREACHED' : ''}; resolve by ${i.sla.resolve_due}${i.sla.resolve_breached ? ' BREACHED' : ''}`,
        );
        line('att&ck', [...i.attack.tactics, ...i.attack.techniques].join(', ') || '-');
        const ents = Object.entries(i.entities)
          .filter(([, v]) => v.length)
          .map(([k, v]) => `${k}=${v.join(',')}`);
        line('entities', ents.join('  ') || '-');
        line('events', `${i.first_event_time} → ${i.last_event_time}`);
        process.stdout.write(`\nalerts (${i.alert_count}):\n`);
        for (const a of d.alerts)
          process.stdout.write(`  ${a.event_time}  ${a.severity.padEnd(9)} ${a.rule.title}\n`);
        if (i.comments.length) process.stdout.write('\ncomments:\n');
        for (const c of i.comments) process.stdout.write(`  ${c.at} ${c.author}: ${c.text}\n`);
      });
    });

  changeOpts(incidents.command('ack'))
    .description('acknowledge an incident')
    .argument('<id>')
    .action((id: string, opts) => change(id, opts, { kind: 'transition', to: 'acknowledged' }));

  changeOpts(incidents.command('start'))
    .description('mark an incident in progress (also reopens a resolved or closed one)')
    .argument('<id>')
    .action((id: string, opts) => change(id, opts, { kind: 'transition', to: 'in_progress' }));

  changeOpts(incidents.command('assign'))
    .description('assign an incident to an analyst ("none" unassigns)')
    .argument('<id>')
    .argument('<analyst>')
    .action((id: string, analyst: string, opts) =>
      change(id, opts, { kind: 'assign', assignee: analyst === 'none' ? null : analyst }),
    );

  changeOpts(incidents.command('comment'))
    .description('add a comment')
    .argument('<id>')
    .argument('<text>')
    .action((id: string, text: string, opts) => change(id, opts, { kind: 'comment', text }));

  for (const to of ['resolve', 'close'] as const) {
    changeOpts(incidents.command(to))
      .description(`${to} an incident with a verdict (false_positive needs --reason)`)
      .argument('<id>')
      .option('--verdict <v>', 'true_positive|false_positive|benign_true_positive (or tp|fp|btp)')
      .option('--reason <text>', 'why (required for false_positive)')
      .action((id: string, opts: Common & { verdict?: string; reason?: string; expectVersion?: string }) =>
        change(id, opts, {
          kind: 'transition',
          to: (to === 'resolve' ? 'resolved' : 'closed') as IncidentStatus,
          verdict: verdictOf(opts.verdict),
          reason: opts.reason,
        }),
      );
  }
}
