import type { Command } from 'commander';
import { loadConfig } from '../../config/config.schema.js';
import type { Alert, Severity } from '../../detection/alert.model.js';
import { connect } from '../vigie-client.js';

/** The stable `--json` shape of one alert. */
export function alertSummary(a: Alert) {
  return {
    id: a.id,
    rule_id: a.rule.id,
    rule_title: a.rule.title,
    type: a.rule.type,
    severity: a.severity,
    attack: [...a.attack.tactics, ...a.attack.techniques],
    entities: a.entities,
    event_ids: a.event_ids,
    event_time: a.event_time,
    detected_at: a.detected_at,
  };
}

export function registerAlertsCommands(program: Command): void {
  const alerts = program.command('alerts').description('alerts raised by detection');
  alerts
    .command('list')
    .description('alerts, newest detection first')
    .option('-t, --tenant <tenant>', 'tenant (default: TENANT)')
    .option('--severity <list>', 'comma-separated severities')
    .option('--rule <id>', 'rule id')
    .option('--type <type>', 'signature | correlation | statistical')
    .option('--since <time>', 'detected at or after (ISO)')
    .option('--until <time>', 'detected before (ISO)')
    .option('--entity <value>', 'host, user, IP, process or file hash')
    .option('-n, --size <n>', 'number of alerts', '50')
    .option(
      '--url <url>',
      'Vigie server URL (default: VIGIE_URL, or a server on PORT if one answers, else in-process)',
    )
    .option(
      '--json',
      'print [{id,rule_id,rule_title,type,severity,attack,entities,event_ids,event_time,detected_at}]',
    )
    .action(
      async (o: {
        tenant?: string;
        severity?: string;
        rule?: string;
        type?: string;
        since?: string;
        until?: string;
        entity?: string;
        size: string;
        url?: string;
        json?: boolean;
      }) => {
        const config = loadConfig();
        const client = await connect(config, o.url);
        try {
          const page = await client.detection.listAlerts(o.tenant ?? config.TENANT, {
            severity: o.severity ? (o.severity.split(',') as Severity[]) : undefined,
            rule: o.rule,
            type: o.type as Alert['rule']['type'] | undefined,
            since: o.since,
            until: o.until,
            entity: o.entity,
            size: Number(o.size),
          });
          if (o.json) {
            process.stdout.write(JSON.stringify(page.items.map(alertSummary)) + '\n');
            return;
          }
          for (const a of page.items) {
            const who = [...a.entities.hosts, ...a.entities.users].slice(0, 3).join(',');
            process.stdout.write(
              `${a.detected_at}  ${a.severity.padEnd(13)} ${a.rule.type.padEnd(11)} ${a.rule.title.slice(0, 60).padEnd(60)} ${who}${a.suppressed_count ? `  (+${a.suppressed_count} suppressed)` : ''}\n`,
            );
          }
          process.stdout.write(`${page.items.length} of ${page.total} alert(s)\n`);
        } finally {
          await client.close();
        }
      },
    );
}
