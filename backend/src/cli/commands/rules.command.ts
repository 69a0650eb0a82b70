import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.schema.js';
import { readFolder } from '../../detection/rule-catalog.js';
import { connect, type VigieClient } from '../vigie-client.js';

interface Common {
  tenant?: string;
  url?: string;
  json?: boolean;
  actor?: string;
}

const actorOf = (o: Common) => o.actor ?? process.env.VIGIE_USER ?? userInfo().username ?? 'cli';

async function withClient<T>(o: Common, fn: (c: VigieClient, tenant: string) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const client = await connect(config, o.url);
  try {
    return await fn(client, o.tenant ?? config.TENANT);
  } finally {
    await client.close();
  }
}

const out = (s: string): void => void process.stdout.write(s + '\n');

function common(cmd: Command): Command {
  return cmd
    .option('-t, --tenant <tenant>', 'tenant (default: TENANT)')
    .option(
      '--url <url>',
      'Vigie server URL (default: VIGIE_URL, or a server on PORT if one answers, else in-process)',
    )
    .option('--actor <name>', 'who makes the change, for the history (default: VIGIE_USER or the OS user)');
}

export function registerRulesCommands(program: Command): void {
  const rules = program
    .command('rules')
    .description('detection rules: list, enable/disable, import packs, history, dry-run');

  common(rules.command('list').description("the tenant's rules"))
    .option('--pack <name>', 'only this pack')
    .option('--enabled', 'only enabled rules')
    .option('--json', 'print [{id,title,type,enabled,level,risk,attack,source}]')
    .action(async (o: Common & { pack?: string; enabled?: boolean }) =>
      withClient(o, async (c, tenant) => {
        const list = await c.detection.listRules(tenant, {
          pack: o.pack,
          enabled: o.enabled ? true : undefined,
        });
        if (o.json)
          return out(
            JSON.stringify(
              list.map((r) => ({
                id: r.id,
                title: r.title,
                type: r.type,
                enabled: r.enabled,
                level: r.level,
                risk: r.risk,
                attack: r.attack,
                source: r.source,
              })),
            ),
          );
        for (const r of list)
          out(
            `${r.enabled ? 'on ' : 'off'}  ${r.level.padEnd(13)} ${r.type.padEnd(11)} ${r.source.padEnd(10)} ${r.id}  ${r.title}`,
          );
        out(`${list.length} rule(s), ${list.filter((r) => r.enabled).length} enabled`);
      }),
    );

  for (const [name, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    common(rules.command(name).description(`${name} rules (by id) or whole packs (--pack) for the tenant`))
      .argument('[ids...]', 'rule ids')
      .option('--pack <name>', `${name} a whole pack`)
      .action(async (ids: string[], o: Common & { pack?: string }) =>
        withClient(o, async (c, tenant) => {
          if (!o.pack && ids.length === 0)
            throw new Error(`vigie rules ${name}: give rule ids or --pack <name>`);
          if (o.pack) {
            await c.detection.setPack(tenant, o.pack, enabled, actorOf(o));
            out(`pack ${o.pack} ${name}d for ${tenant}`);
          }
          for (const id of ids) {
            const r = await c.detection.patchRule(tenant, id, { enabled }, actorOf(o));
            out(`${r.id} ${r.enabled ? 'enabled' : 'disabled'} (${r.title})`);
          }
        }),
      );
  }

  common(
    rules
      .command('import')
      .description('import a folder of Sigma rules as a pack (disabled for every tenant until enabled)'),
  )
    .argument('<dir>', 'folder of Sigma rules, e.g. a SigmaHQ clone’s rules/ folder')
    .requiredOption('--pack <name>', 'pack name')
    .option('--enabled-by-default', 'enable the pack for tenants that did not switch it')
    .option('--json', 'print the import report as JSON')
    .action(async (dir: string, o: Common & { pack: string; enabledByDefault?: boolean }) =>
      withClient(o, async (c) => {
        const files = readFolder(resolve(dir));
        if (files.length === 0) throw new Error(`no .yml/.yaml Sigma rule files under ${dir}`);
        const r = await c.detection.importPack(o.pack, files, actorOf(o), {
          source: resolve(dir),
          defaultEnabled: o.enabledByDefault ?? false,
        });
        if (o.json)
          return out(
            JSON.stringify({ ...r, rejected_count: r.rejected.length, degraded_count: r.degraded.length }),
          );
        out(
          `pack ${r.pack} revision ${r.revision}: ${r.files} file(s), ${r.documents} document(s) → ${r.rules} rule(s), ${r.correlations} correlation(s); ${r.rejected.length} rejected, ${r.degraded.length} degraded field mapping(s); ${r.changed} new or changed`,
        );
        for (const x of r.rejected.slice(0, 20))
          out(`  rejected ${x.path}${x.id ? ` (${x.id})` : ''}: ${x.reason}`);
        if (r.rejected.length > 20) out(`  … ${r.rejected.length - 20} more rejected (use --json)`);
        out(
          r.default_enabled
            ? 'enabled by default'
            : `disabled by default: vigie rules enable --pack ${r.pack} --tenant <tenant>`,
        );
      }),
    );

  common(rules.command('history').description('every change of a rule (or pack:<name>) for the tenant'))
    .argument('<id>', 'rule id, or pack:<name>')
    .option('--json', 'print the entries as JSON')
    .action(async (id: string, o: Common) =>
      withClient(o, async (c, tenant) => {
        const h = await c.detection.ruleHistory(tenant, id);
        if (o.json) return out(JSON.stringify(h));
        for (const e of h)
          out(`${e.at}  ${e.actor.padEnd(12)} ${e.action.padEnd(18)} ${e.before} → ${e.after}`);
        out(`${h.length} change(s)`);
      }),
    );

  common(
    rules
      .command('dry-run')
      .description('run a rule over stored history: hits, samples, and the alerts it would raise'),
  )
    .argument('<id>', 'rule id')
    .option('--from <time>', 'inclusive ISO time')
    .option('--to <time>', 'exclusive ISO time')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, o: Common & { from?: string; to?: string }) =>
      withClient(o, async (c, tenant) => {
        const r = await c.detection.dryRun(tenant, id, { from: o.from, to: o.to });
        if (o.json) return out(JSON.stringify(r));
        out(
          `${r.rule.title}: ${r.hits} stored event(s) match; ${r.alerts.length} alert(s) would be raised from the ${r.examined} examined (${r.excepted} excepted)`,
        );
        for (const s of r.samples)
          out(
            `  ${s.doc['@timestamp']}  ${String(s.doc.event?.original ?? s.doc.message ?? '').slice(0, 160)}`,
          );
      }),
    );
}
