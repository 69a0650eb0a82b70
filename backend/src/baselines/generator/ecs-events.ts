/**
 * Builders of the ECS documents the generator emits, shaped like the output of our connectors (field names and
 * `vigie.logsource` of windows-security, sysmon, windows-system, squid, cisco-umbrella, aws-cloudtrail, fortigate VPN,
 * nginx-access). GeoIP/ASN fields are set as the enrichment stage would set them.
 */
export type EcsDoc = Record<string, unknown> & {
  '@timestamp': string;
  event: { id: string; [k: string]: unknown };
  vigie: {
    tenant: string;
    connector: string;
    logsource: { product?: string; category?: string; service?: string };
  };
};

export interface EventContext {
  tenant: string;
  /** Windows domain of the accounts. */
  domain: string;
}

const iso = (t: number) => new Date(t).toISOString();
const base = (
  ctx: EventContext,
  id: string,
  t: number,
  connector: string,
  logsource: EcsDoc['vigie']['logsource'],
  event: Record<string, unknown>,
): EcsDoc => ({
  '@timestamp': iso(t),
  event: { id, kind: 'event', ...event },
  vigie: { tenant: ctx.tenant, connector, logsource },
});
const basename = (path: string) => path.split(/[\\/]/).pop() ?? path;

export function winLogon(
  ctx: EventContext,
  id: string,
  p: { t: number; host: string; user: string; success: boolean; logonType: string; sourceIp?: string },
): EcsDoc {
  const code = p.success ? '4624' : '4625';
  return {
    ...base(
      ctx,
      id,
      p.t,
      'windows-security',
      { product: 'windows', service: 'security' },
      {
        code,
        category: ['authentication'],
        type: ['start'],
        action: p.success ? 'logged-in' : 'logon-failed',
        outcome: p.success ? 'success' : 'failure',
        provider: 'Microsoft-Windows-Security-Auditing',
        module: 'windows',
      },
    ),
    host: { name: p.host },
    user: { name: p.user, domain: ctx.domain },
    ...(p.sourceIp ? { source: { ip: p.sourceIp } } : {}),
    winlog: {
      channel: 'Security',
      event_id: code,
      computer_name: p.host,
      logon: { type: p.logonType },
      event_data: {
        TargetUserName: p.user,
        TargetDomainName: ctx.domain,
        LogonType: p.logonType,
        IpAddress: p.sourceIp ?? '-',
      },
    },
    related: { user: [p.user], hosts: [p.host], ...(p.sourceIp ? { ip: [p.sourceIp] } : {}) },
  };
}

export function sysmonProcess(
  ctx: EventContext,
  id: string,
  p: {
    t: number;
    host: string;
    user?: string;
    exe: string;
    parentExe: string;
    commandLine?: string;
    pid: number;
  },
): EcsDoc {
  return {
    ...base(
      ctx,
      id,
      p.t,
      'sysmon',
      { product: 'windows', category: 'process_creation' },
      {
        code: '1',
        category: ['process'],
        type: ['start'],
        action: 'Process Create (rule: ProcessCreate)',
        provider: 'Microsoft-Windows-Sysmon',
        module: 'sysmon',
      },
    ),
    host: { name: p.host },
    ...(p.user
      ? { user: { name: p.user, domain: ctx.domain } }
      : { user: { name: 'SYSTEM', domain: 'NT AUTHORITY' } }),
    process: {
      executable: p.exe,
      name: basename(p.exe),
      pid: p.pid,
      command_line: p.commandLine ?? `"${p.exe}"`,
      parent: { executable: p.parentExe, name: basename(p.parentExe) },
    },
    winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', event_id: '1', computer_name: p.host },
  };
}

export function serviceInstalled(
  ctx: EventContext,
  id: string,
  p: { t: number; host: string; name: string; path: string; user?: string },
): EcsDoc {
  return {
    ...base(
      ctx,
      id,
      p.t,
      'windows-system',
      { product: 'windows', service: 'system' },
      {
        code: '7045',
        category: ['configuration'],
        type: ['creation'],
        action: 'service-installed',
        provider: 'Service Control Manager',
        module: 'windows',
      },
    ),
    host: { name: p.host },
    service: { name: p.name },
    file: { path: p.path },
    ...(p.user ? { user: { name: p.user, domain: ctx.domain } } : {}),
    winlog: {
      channel: 'System',
      event_id: '7045',
      computer_name: p.host,
      event_data: {
        ServiceName: p.name,
        ImagePath: p.path,
        ServiceType: 'user mode service',
        StartType: 'auto start',
      },
    },
  };
}

export function taskCreated(
  ctx: EventContext,
  id: string,
  p: { t: number; host: string; name: string; user: string },
): EcsDoc {
  return {
    ...base(
      ctx,
      id,
      p.t,
      'windows-security',
      { product: 'windows', service: 'security' },
      {
        code: '4698',
        category: ['configuration'],
        type: ['creation'],
        action: 'scheduled-task-created',
        outcome: 'success',
        provider: 'Microsoft-Windows-Security-Auditing',
        module: 'windows',
      },
    ),
    host: { name: p.host },
    user: { name: p.user, domain: ctx.domain },
    winlog: {
      channel: 'Security',
      event_id: '4698',
      computer_name: p.host,
      scheduled_task: { name: p.name },
      event_data: { TaskName: p.name, SubjectUserName: p.user },
    },
  };
}

export function proxyRequest(
  ctx: EventContext,
  id: string,
  p: {
    t: number;
    user: string;
    sourceIp: string;
    domain: string;
    destIp: string;
    bytesOut: number;
    bytesIn: number;
    method?: string;
    path?: string;
  },
): EcsDoc {
  const method = p.method ?? 'GET';
  return {
    ...base(
      ctx,
      id,
      p.t,
      'squid',
      { category: 'proxy', product: 'squid' },
      {
        category: ['web', 'network'],
        type: ['access', 'connection'],
        action: 'TCP_MISS',
        outcome: 'success',
      },
    ),
    source: { ip: p.sourceIp, bytes: p.bytesOut },
    destination: { ip: p.destIp, domain: p.domain, bytes: p.bytesIn },
    user: { name: p.user },
    url: { domain: p.domain, original: `https://${p.domain}${p.path ?? '/'}`, path: p.path ?? '/' },
    http: { request: { method }, response: { status_code: 200 } },
    network: { protocol: 'http', bytes: p.bytesOut + p.bytesIn },
    observer: { name: 'proxy01', product: 'Squid', type: 'proxy' },
  };
}

export function dnsQuery(
  ctx: EventContext,
  id: string,
  p: { t: number; user?: string; host: string; sourceIp: string; name: string; rcode?: string },
): EcsDoc {
  const labels = p.name.split('.');
  return {
    ...base(
      ctx,
      id,
      p.t,
      'cisco-umbrella',
      { category: 'dns', product: 'cisco_umbrella' },
      { category: ['network'], type: ['protocol'], action: 'dns-query', outcome: 'success' },
    ),
    source: { ip: p.sourceIp },
    host: { name: p.host },
    ...(p.user ? { user: { name: p.user } } : {}),
    dns: {
      question: { name: p.name, type: 'A', registered_domain: labels.slice(-2).join('.') },
      response_code: p.rcode ?? 'NOERROR',
    },
    network: { protocol: 'dns' },
  };
}

/** ECS categorisation of a CloudTrail call, as the aws-cloudtrail connector does it. */
function cloudCategory(service: string, action: string): { category?: string[]; type: string[] } {
  const verb = /^[A-Z][a-z]+/.exec(action)?.[0] ?? '';
  const vt = ['Create', 'Run'].includes(verb)
    ? 'creation'
    : ['Delete', 'Terminate'].includes(verb)
      ? 'deletion'
      : ['Get', 'List', 'Describe'].includes(verb)
        ? 'info'
        : 'change';
  if (action === 'ConsoleLogin') return { category: ['authentication'], type: ['info'] };
  if (service === 'iam')
    return { category: ['iam'], type: [...(/User(?!Policy)/.test(action) ? ['user'] : []), vt] };
  if (service === 's3') return { category: ['file'], type: [vt === 'info' ? 'access' : vt] };
  return { type: [vt] };
}

export function cloudTrail(
  ctx: EventContext,
  id: string,
  p: {
    t: number;
    user: string;
    service: string;
    action: string;
    sourceIp: string;
    region?: string;
    failed?: boolean;
  },
): EcsDoc {
  const { category, type } = cloudCategory(p.service, p.action);
  return {
    ...base(
      ctx,
      id,
      p.t,
      'aws-cloudtrail',
      { product: 'aws', service: 'cloudtrail' },
      {
        action: p.action,
        provider: `${p.service}.amazonaws.com`,
        ...(category ? { category } : {}),
        type,
        outcome: p.failed ? 'failure' : 'success',
      },
    ),
    cloud: {
      provider: 'aws',
      region: p.region ?? 'eu-west-3',
      account: { id: '123456789012' },
      service: { name: p.service },
    },
    source: { ip: p.sourceIp, address: p.sourceIp },
    user: { name: p.user },
    user_agent: { original: 'aws-cli/2.15.0 Python/3.11.6' },
    aws: {
      cloudtrail: { user_identity: { type: 'IAMUser', arn: `arn:aws:iam::123456789012:user/${p.user}` } },
    },
  };
}

export interface Geo {
  country: string;
  asn: number;
  asOrg: string;
}

export function vpnLogin(
  ctx: EventContext,
  id: string,
  p: { t: number; user: string; sourceIp: string; geo: Geo; success?: boolean },
): EcsDoc {
  const success = p.success ?? true;
  return {
    ...base(
      ctx,
      id,
      p.t,
      'fortigate',
      { product: 'fortigate', service: 'event' },
      {
        category: ['authentication', 'network'],
        type: ['start'],
        action: success ? 'tunnel-up' : 'ssl-login-fail',
        outcome: success ? 'success' : 'failure',
        code: '0101039947',
      },
    ),
    source: {
      ip: p.sourceIp,
      geo: { country_iso_code: p.geo.country },
      as: { number: p.geo.asn, organization: { name: p.geo.asOrg } },
    },
    user: { name: p.user },
    observer: { name: 'fw01', vendor: 'Fortinet', product: 'FortiGate', type: 'firewall' },
    network: { protocol: 'ssl-vpn' },
  };
}

export function webAccess(
  ctx: EventContext,
  id: string,
  p: {
    t: number;
    host: string;
    clientIp: string;
    method: string;
    path: string;
    status: number;
    bytes: number;
    geo?: Geo;
  },
): EcsDoc {
  return {
    ...base(
      ctx,
      id,
      p.t,
      'nginx-access',
      { category: 'webserver', product: 'nginx' },
      { category: ['web'], type: ['access'], outcome: p.status < 400 ? 'success' : 'failure' },
    ),
    host: { name: p.host },
    source: {
      ip: p.clientIp,
      ...(p.geo
        ? {
            geo: { country_iso_code: p.geo.country },
            as: { number: p.geo.asn, organization: { name: p.geo.asOrg } },
          }
        : {}),
    },
    url: { path: p.path, original: p.path },
    http: { request: { method: p.method }, response: { status_code: p.status, body: { bytes: p.bytes } } },
    user_agent: { original: 'python-requests/2.31.0' },
  };
}
