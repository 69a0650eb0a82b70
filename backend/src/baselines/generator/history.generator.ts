/**
 * Long benign histories with injected anomalies: weeks of activity of an organisation (see population.ts) as ECS
 * documents, hour by hour in time order, with weekly seasonality (working hours, lunch dip, weekends, holidays,
 * leave days, remote days), plus the labelled anomalies of anomalies.ts in the test split (the last `testDays`).
 * Deterministic for a seed; streamed (one hour of events in memory at a time).
 */
import { SeededRandom } from '../../demo/seeded-random.js';
import { ErrorCode, VigieError } from '../../common/errors.js';
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
import {
  ANOMALY_TYPES,
  buildAnomaly,
  type AnomalyLabel,
  type AnomalyType,
  type PlannedAnomaly,
  type Silence,
} from './anomalies.js';
import { buildPopulation, type Population, type User } from './population.js';

export interface HistoryOptions {
  seed: number;
  /** Length of the history (default 30). */
  days?: number;
  /** Users, one workstation each (default 200). */
  users?: number;
  /** Servers (default 8; the first are dc01, web01, file01, db01, dc02, then app servers). */
  servers?: number;
  /** First day, 00:00 UTC (default 2024-05-06, a Monday). */
  start?: string;
  /** The last `testDays` days hold the anomalies (default: a quarter of `days`, at least 1). */
  testDays?: number;
  /** Public holidays (`YYYY-MM-DD`), default: French public holidays of the years covered. */
  holidays?: string[];
  /** Anomaly types to inject (default all; `[]` for a purely benign history). */
  anomalies?: readonly AnomalyType[];
  /** Anomalies per type (default 1). */
  anomaliesPerType?: number;
  /** `vigie.tenant` of the events (default `generated`). */
  tenant?: string;
}

export type ResolvedHistoryOptions = Required<HistoryOptions>;

export interface GeneratedHistory {
  options: ResolvedHistoryOptions;
  population: Population;
  /** Start of the history, of the test split, and end (exclusive), ISO. */
  start: string;
  learningEnd: string;
  end: string;
  /** Every injected anomaly, known before streaming. */
  labels: AnomalyLabel[];
  /** The events, in `@timestamp` order. Each call starts the same stream again. */
  events(): Generator<EcsDoc>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function frenchHolidays(years: Iterable<number>): string[] {
  const out: string[] = [];
  for (const y of years) {
    // Easter Monday, Ascension and Whit Monday from the Gregorian computus.
    const a = y % 19,
      b = Math.floor(y / 100),
      c = y % 100,
      d = Math.floor(b / 4),
      e = b % 4,
      f = Math.floor((b + 8) / 25);
    const g = Math.floor((b - f + 1) / 3),
      h = (19 * a + b - d - g + 15) % 30,
      i = Math.floor(c / 4),
      k = c % 4;
    const l = (32 + 2 * e + 2 * i - h - k) % 7,
      m = Math.floor((a + 11 * h + 22 * l) / 451);
    const month = Math.floor((h + l - 7 * m + 114) / 31),
      day = ((h + l - 7 * m + 114) % 31) + 1;
    const easter = Date.UTC(y, month - 1, day);
    const moving = [1, 39, 50].map((o) => new Date(easter + o * DAY).toISOString().slice(0, 10));
    out.push(
      ...['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25'].map((md) => `${y}-${md}`),
      ...moving,
    );
  }
  return out.sort();
}

export function resolveHistoryOptions(o: HistoryOptions): ResolvedHistoryOptions {
  const days = o.days ?? 30;
  const start = o.start ?? '2024-05-06T00:00:00Z';
  const t0 = Date.parse(start);
  if (!Number.isInteger(o.seed))
    throw new VigieError(ErrorCode.Validation, `generator seed must be an integer, got ${o.seed}`);
  if (!Number.isInteger(days) || days < 2)
    throw new VigieError(ErrorCode.Validation, `days must be an integer ≥ 2, got ${days}`);
  if (Number.isNaN(t0)) throw new VigieError(ErrorCode.Validation, `start is not a date: ${start}`);
  const users = o.users ?? 200;
  const servers = o.servers ?? 8;
  if (users < 30)
    throw new VigieError(
      ErrorCode.Validation,
      `users must be ≥ 30 (roles and a password spray need a population), got ${users}`,
    );
  if (servers < 2)
    throw new VigieError(
      ErrorCode.Validation,
      `servers must be ≥ 2 (a domain controller and a web server), got ${servers}`,
    );
  const testDays = o.testDays ?? Math.max(1, Math.round(days / 4));
  if (testDays < 1 || testDays >= days)
    throw new VigieError(ErrorCode.Validation, `testDays must be in [1, days), got ${testDays}`);
  const years = new Set([new Date(t0).getUTCFullYear(), new Date(t0 + days * DAY).getUTCFullYear()]);
  const unknown = (o.anomalies ?? []).filter((t) => !ANOMALY_TYPES.includes(t));
  if (unknown.length)
    throw new VigieError(
      ErrorCode.Validation,
      `unknown anomaly types: ${unknown.join(', ')} (known: ${ANOMALY_TYPES.join(', ')})`,
    );
  return {
    seed: o.seed,
    days,
    users,
    servers,
    start: new Date(Math.floor(t0 / DAY) * DAY).toISOString(),
    testDays,
    holidays: o.holidays ?? frenchHolidays(years),
    anomalies: o.anomalies ?? ANOMALY_TYPES,
    anomaliesPerType: o.anomaliesPerType ?? 1,
    tenant: o.tenant ?? 'generated',
  };
}

/** Poisson-distributed count (Knuth; means here are small). */
function poisson(rng: SeededRandom, mean: number): number {
  if (mean <= 0) return 0;
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rng.next();
  } while (p > l && k < 500);
  return k - 1;
}

/** Log-normal around `median` with log-space spread `sigma`. */
function lognormal(rng: SeededRandom, median: number, sigma: number): number {
  const u = Math.max(1e-12, rng.next());
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  return Math.round(median * Math.exp(sigma * z));
}

const hashIp = (domain: string) => {
  let h = 2166136261;
  for (let i = 0; i < domain.length; i++) h = Math.imul(h ^ domain.charCodeAt(i), 16777619) >>> 0;
  return `${((h >>> 24) % 180) + 20}.${(h >>> 16) & 255}.${(h >>> 8) & 255}.${(h & 253) + 1}`;
};

const READ_CALLS: [string, string][] = [
  ['ec2', 'DescribeInstances'],
  ['s3', 'ListBuckets'],
  ['s3', 'GetObject'],
  ['lambda', 'ListFunctions'],
  ['cloudwatch', 'GetMetricData'],
  ['sts', 'GetCallerIdentity'],
  ['ecr', 'DescribeRepositories'],
  ['logs', 'FilterLogEvents'],
];
const ADMIN_PRIV: string[] = [
  'AttachRolePolicy',
  'PutRolePolicy',
  'CreateUser',
  'AddUserToGroup',
  'CreateRole',
];
const KNOWN_SERVICES: [string, string][] = [
  ['VMware Tools', 'C:\\Program Files\\VMware\\VMware Tools\\vmtoolsd.exe'],
  ['Google Update Service (gupdate)', 'C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe'],
  ['Veeam Agent', 'C:\\Program Files\\Veeam\\Endpoint Backup\\Veeam.EndPoint.Service.exe'],
  [
    'Microsoft Edge Update Service (edgeupdate)',
    'C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe',
  ],
];
const KNOWN_TASKS = [
  '\\GoogleUpdateTaskMachineUA',
  '\\OneDrive Standalone Update Task-S-1-5-21',
  '\\Microsoft\\Office\\Office Automatic Updates 2.0',
  '\\MicrosoftEdgeUpdateTaskMachineCore',
];
const API_PATHS = [
  '/api/v1/orders',
  '/api/v1/products',
  '/api/v1/customers',
  '/api/v1/invoices',
  '/api/v1/stock',
];

interface DayPlan {
  works: boolean;
  from: number;
  to: number;
  remote: boolean;
  abroad: boolean;
}

export function generateHistory(options: HistoryOptions): GeneratedHistory {
  const opts = resolveHistoryOptions(options);
  const population = buildPopulation(opts.seed, opts.users, opts.servers);
  const ctx: EventContext = { tenant: opts.tenant, domain: 'CORP' };
  const t0 = Date.parse(opts.start);
  const end = t0 + opts.days * DAY;
  const learningEnd = end - opts.testDays * DAY;
  const holidays = new Set(opts.holidays);
  const idPrefix = `g${opts.seed.toString(36)}-`;
  const isOff = (ms: number) => {
    const d = new Date(ms);
    return d.getUTCDay() === 0 || d.getUTCDay() === 6 || holidays.has(d.toISOString().slice(0, 10));
  };

  // Anomaly plan: each at a random hour of the test split (working hours, except the off-hour logon).
  const planRng = new SeededRandom(opts.seed ^ 0xa11ce);
  const planned: PlannedAnomaly[] = [];
  let index = 0;
  for (const type of opts.anomalies) {
    for (let k = 0; k < opts.anomaliesPerType; k++) {
      // Working-hour anomalies fall on working days when the test split has one.
      let day = Math.floor(learningEnd / DAY) + planRng.int(0, opts.testDays - 1);
      for (let tries = 0; tries < 20 && isOff(day * DAY) && type !== 'silent_source'; tries++) {
        day = Math.floor(learningEnd / DAY) + planRng.int(0, opts.testDays - 1);
      }
      const hour =
        type === 'unusual_logon_hour'
          ? planRng.int(1, 4)
          : type === 'silent_source'
            ? planRng.int(0, 12)
            : planRng.int(9, 16);
      let hourMs = day * DAY + hour * HOUR;
      if (type === 'silent_source') hourMs = Math.min(hourMs, end - 8 * HOUR);
      planned.push(
        buildAnomaly(
          { ctx, population, idPrefix },
          type,
          index,
          hourMs,
          new SeededRandom(opts.seed * 1000 + index + 1),
        ),
      );
      index++;
    }
  }
  const byHour = new Map<number, EcsDoc[]>();
  for (const p of planned) {
    for (const e of p.events) {
      const h = Math.floor(Date.parse(e['@timestamp']) / HOUR);
      (byHour.get(h) ?? byHour.set(h, []).get(h)!).push(e);
    }
  }
  const silences: Silence[] = planned.flatMap((p) => (p.silence ? [p.silence] : []));

  function* events(): Generator<EcsDoc> {
    const rng = new SeededRandom(opts.seed);
    let counter = 0;
    const id = () => `${idPrefix}${(counter++).toString(36)}`;
    let plans: DayPlan[] = [];
    let pid = 1000;
    for (let h = t0; h < end; h += HOUR) {
      const date = new Date(h);
      const hourOfDay = date.getUTCHours();
      const off = isOff(h);
      if (hourOfDay === 0) plans = population.users.map((u) => planDay(rng, u, off));
      const out: EcsDoc[] = [];
      const minute = () => h + rng.int(0, 3_599_999);
      population.users.forEach((u, i) =>
        userHour(rng, u, plans[i], h, hourOfDay, out, id, minute, () => pid++),
      );
      for (const s of population.servers) {
        const silent = silences.some((x) => x.host === s.name && h >= x.startMs && h < x.endMs);
        const n = 3 + poisson(rng, 3);
        for (let k = 0; k < n; k++) {
          const [exe, parent] = rng.pick(s.programs);
          const ev = sysmonProcess(ctx, id(), {
            t: minute(),
            host: s.name,
            exe,
            parentExe: parent,
            pid: pid++,
          });
          if (!silent) out.push(ev);
        }
        if (hourOfDay === 3 && rng.chance(0.04)) {
          const [name, path] = rng.pick(KNOWN_SERVICES);
          out.push(serviceInstalled(ctx, id(), { t: minute(), host: s.name, name, path }));
        }
        if (s.kind === 'web') {
          for (const p of population.partners) {
            const n = poisson(rng, 20);
            for (let k = 0; k < n; k++)
              out.push(
                webAccess(ctx, id(), {
                  t: minute(),
                  host: s.name,
                  clientIp: p.ip,
                  method: rng.chance(0.8) ? 'GET' : 'POST',
                  path: rng.pick(API_PATHS),
                  status: rng.chance(0.98) ? 200 : 404,
                  bytes: lognormal(rng, 3000, 0.6),
                  geo: p.geo,
                }),
              );
          }
        }
      }
      const injected = byHour.get(h / HOUR);
      if (injected) out.push(...injected);
      out.sort((a, b) =>
        a['@timestamp'] < b['@timestamp'] ? -1 : a['@timestamp'] > b['@timestamp'] ? 1 : 0,
      );
      yield* out;
    }
  }

  function planDay(rng: SeededRandom, u: User, off: boolean): DayPlan {
    const weekendWork = u.role === 'admin' ? 0.15 : u.role === 'developer' ? 0.05 : 0.02;
    const works = off ? rng.chance(weekendWork) : rng.chance(0.95);
    const from = off ? rng.int(10, 14) : u.startHour + (rng.chance(0.3) ? rng.int(-1, 1) : 0);
    const to = off ? from + rng.int(1, 3) : u.endHour + (rng.chance(0.3) ? rng.int(-1, 1) : 0);
    const remote = off || rng.chance(u.remoteShare);
    return { works, from, to, remote, abroad: remote && !!u.travel && rng.chance(0.15) };
  }

  function userHour(
    rng: SeededRandom,
    u: User,
    plan: DayPlan,
    h: number,
    hour: number,
    out: EcsDoc[],
    id: () => string,
    minute: () => number,
    nextPid: () => number,
  ): void {
    if (!plan.works || hour < plan.from || hour >= plan.to) return;
    const level = u.level * (hour === 12 ? 0.5 : 1);
    const dc = population.servers[0];
    const web = population.servers.find((s) => s.kind === 'web') ?? dc;
    if (hour === plan.from) {
      const t = h + rng.int(0, 10) * 60_000;
      if (plan.remote) {
        const where = plan.abroad && u.travel ? u.travel : u.home;
        out.push(vpnLogin(ctx, id(), { t, user: u.name, sourceIp: where.ip, geo: where }));
      }
      if (rng.chance(0.03))
        out.push(
          winLogon(ctx, id(), {
            t: t + 20_000,
            host: u.workstation,
            user: u.name,
            success: false,
            logonType: '2',
          }),
        );
      out.push(
        winLogon(ctx, id(), {
          t: t + 60_000,
          host: u.workstation,
          user: u.name,
          success: true,
          logonType: plan.remote ? '11' : '2',
        }),
      );
      out.push(
        winLogon(ctx, id(), {
          t: t + 65_000,
          host: dc.name,
          user: u.name,
          success: true,
          logonType: '3',
          sourceIp: u.ip,
        }),
      );
      if (rng.chance(0.004))
        out.push(
          taskCreated(ctx, id(), {
            t: t + 300_000,
            host: u.workstation,
            user: u.name,
            name: rng.pick(KNOWN_TASKS),
          }),
        );
    } else if (rng.chance(0.15)) {
      out.push(
        winLogon(ctx, id(), {
          t: minute(),
          host: population.servers[Math.min(2, population.servers.length - 1)].name,
          user: u.name,
          success: true,
          logonType: '3',
          sourceIp: u.ip,
        }),
      );
    }
    for (let k = poisson(rng, 3 * level); k > 0; k--) {
      const [exe, parent] = rng.pick(u.programs);
      out.push(
        sysmonProcess(ctx, id(), {
          t: minute(),
          host: u.workstation,
          user: u.name,
          exe,
          parentExe: parent,
          pid: nextPid(),
        }),
      );
    }
    for (let k = poisson(rng, 8 * level); k > 0; k--) {
      const domain = rng.pick(u.domains);
      const upload = rng.chance(0.02);
      out.push(
        proxyRequest(ctx, id(), {
          t: minute(),
          user: u.name,
          sourceIp: u.ip,
          domain,
          destIp: hashIp(domain),
          bytesOut: upload ? lognormal(rng, 2_000_000, 0.8) : lognormal(rng, 1500, 0.7),
          bytesIn: lognormal(rng, 40_000, 1),
          method: upload ? 'POST' : 'GET',
        }),
      );
    }
    for (let k = poisson(rng, 5 * level); k > 0; k--) {
      out.push(
        dnsQuery(ctx, id(), {
          t: minute(),
          user: u.name,
          host: u.workstation,
          sourceIp: u.ip,
          name: rng.pick(u.domains),
        }),
      );
    }
    if (u.cloud) {
      for (let k = poisson(rng, (u.role === 'admin' ? 2 : 3) * level); k > 0; k--) {
        const [service, action] = rng.pick(READ_CALLS);
        out.push(
          cloudTrail(ctx, id(), {
            t: minute(),
            user: u.name,
            service,
            action,
            sourceIp: plan.remote ? u.home.ip : population.officeIp,
          }),
        );
      }
      if (u.role === 'admin' && rng.chance(0.08)) {
        out.push(
          cloudTrail(ctx, id(), {
            t: minute(),
            user: u.name,
            service: 'iam',
            action: rng.pick(ADMIN_PRIV),
            sourceIp: population.officeIp,
          }),
        );
      }
    }
    if (rng.chance(0.3))
      out.push(
        webAccess(ctx, id(), {
          t: minute(),
          host: web.name,
          clientIp: u.ip,
          method: 'GET',
          path: rng.pick(API_PATHS),
          status: 200,
          bytes: lognormal(rng, 3000, 0.6),
        }),
      );
    if (u.role === 'admin' && rng.chance(0.4))
      out.push(
        webAccess(ctx, id(), {
          t: minute(),
          host: web.name,
          clientIp: u.ip,
          method: 'GET',
          path: '/api/admin/users',
          status: 200,
          bytes: lognormal(rng, 15000, 0.3),
        }),
      );
  }

  return {
    options: opts,
    population,
    start: new Date(t0).toISOString(),
    learningEnd: new Date(learningEnd).toISOString(),
    end: new Date(end).toISOString(),
    labels: planned.map((p) => p.label),
    events,
  };
}
