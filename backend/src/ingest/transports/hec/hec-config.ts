import { ConfigError } from '../../../config/config.schema.js';
import { AUTO_SOURCE } from '../../ingest.service.js';
import { checkTarget, isKnownSource, type IngestTarget } from '../ingest-target.js';

/**
 * HEC_TOKENS: each token maps to a tenant and a default source. Accepted forms:
 *   JSON   `{"<token>": {"tenant": "acme", "source": "auto"}}` or `{"<token>": "acme:auto"}`
 *   list   `<token>=acme:linux-auth,<token2>=globex` (source defaults to `auto`, tenant to TENANT)
 */
export function parseHecTokens(spec: string, defaultTenant: string): Map<string, IngestTarget> {
  const tokens = new Map<string, IngestTarget>();
  const problems: string[] = [];
  const add = (token: string, value: unknown) => {
    let target: IngestTarget;
    if (typeof value === 'string') {
      const [tenant, source] = value.split(':');
      target = { tenant: tenant || defaultTenant, source: source || AUTO_SOURCE };
    } else if (value && typeof value === 'object') {
      const v = value as { tenant?: unknown; source?: unknown };
      target = {
        tenant: typeof v.tenant === 'string' ? v.tenant : defaultTenant,
        source: typeof v.source === 'string' ? v.source : AUTO_SOURCE,
      };
    } else {
      problems.push(`HEC_TOKENS: token ${token.slice(0, 4)}…: expected "tenant:source" or {tenant, source}`);
      return;
    }
    if (!token.trim()) problems.push('HEC_TOKENS: empty token');
    const problem = checkTarget(`HEC_TOKENS (token ${token.slice(0, 4)}…)`, target);
    if (problem) problems.push(problem);
    tokens.set(token.trim(), target);
  };
  const text = spec.trim();
  if (text.startsWith('{')) {
    try {
      for (const [k, v] of Object.entries(JSON.parse(text) as Record<string, unknown>)) add(k, v);
    } catch (err) {
      problems.push(`HEC_TOKENS: invalid JSON: ${(err as Error).message}`);
    }
  } else {
    for (const part of text
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const eq = part.indexOf('=');
      if (eq <= 0) add(part, '');
      else add(part.slice(0, eq), part.slice(eq + 1));
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return tokens;
}

/**
 * Splunk sourcetypes (Splunkbase add-on names) → Vigie connector ids. A key ending in `*` matches a prefix. A
 * sourcetype that is itself a connector id selects that connector; anything else uses the token's source.
 */
export const DEFAULT_SOURCETYPES: Record<string, string> = {
  linux_secure: 'linux-auth',
  syslog: 'syslog',
  linux_messages_syslog: 'linux-syslog',
  'linux:audit': 'auditd',
  linux_audit: 'auditd',
  access_combined: 'apache-access',
  access_combined_wcookie: 'apache-access',
  access_common: 'apache-access',
  'apache:access': 'apache-access',
  'apache:error': 'apache-error',
  apache_error: 'apache-error',
  'nginx:plus:access': 'nginx-access',
  'nginx:access': 'nginx-access',
  'nginx:error': 'nginx-error',
  'nginx:plus:error': 'nginx-error',
  'tomcat:access:log': 'tomcat-access',
  iis: 'iis',
  'ms:iis:auto': 'iis',
  'ms:iis:default': 'iis',
  'haproxy:http': 'haproxy',
  'haproxy:tcp': 'haproxy',
  'squid:access': 'squid',
  'mysql:errorlog': 'mysql-error',
  postgresql: 'postgresql',
  'XmlWinEventLog:Security': 'windows-security',
  'WinEventLog:Security': 'windows-security',
  'XmlWinEventLog:System': 'windows-system',
  'WinEventLog:System': 'windows-system',
  'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational': 'sysmon',
  'XmlWinEventLog:Microsoft-Windows-PowerShell/Operational': 'powershell',
  'WinEventLog:Microsoft-Windows-PowerShell/Operational': 'powershell',
  'cisco:asa': 'cisco-asa',
  'cisco:ftd': 'cisco-ftd',
  'cisco:firepower:syslog': 'cisco-ftd',
  'cisco:umbrella:*': 'cisco-umbrella',
  'fortigate_*': 'fortigate',
  'fgt_*': 'fortigate',
  'fortinet:fortigate:*': 'fortigate',
  'pan:*': 'panos',
  cp_log: 'checkpoint',
  'pfsense*': 'pfsense',
  'sonicwall*': 'sonicwall',
  'juniper:junos:*': 'juniper-srx',
  'juniper:srx*': 'juniper-srx',
  'bro:*': 'zeek',
  'zeek:*': 'zeek',
  suricata: 'suricata',
  'snort*': 'snort',
  'infoblox:*': 'infoblox-nios',
  'f5:bigip:*': 'f5-bigip',
  'barracuda*': 'barracuda-waf',
  'imperva:*': 'imperva-waf',
  'modsec*': 'modsecurity',
  'cloudflare:*': 'cloudflare-logpush',
  'akamai:*': 'akamai-siem',
  'zscalernss-*': 'zscaler-zia',
  'aws:cloudtrail': 'aws-cloudtrail',
  'aws:elb:accesslogs': 'aws-alb',
  'aws:waf': 'aws-waf',
  'azure:monitor:activity': 'azure-activity',
  'mscs:azure:*:activity': 'azure-activity',
  'ms:aad:signin': 'azure-signin',
  'azure:aad:signin': 'azure-signin',
  'ms:aad:audit': 'azure-audit',
  'azure:aad:audit': 'azure-audit',
  'o365:management:activity': 'm365-audit',
  'ms:defender:atp:*': 'defender-endpoint',
  'ms365:defender:*': 'defender-endpoint',
  'google:gcp:pubsub:audit:*': 'gcp-audit',
  'gws:reports:*': 'google-workspace',
  'github:*:audit': 'github-audit',
  'github:enterprise:audit': 'github-audit',
  'kube:apiserver:audit': 'kubernetes-audit',
  'crowdstrike:event:streams*': 'crowdstrike-falcon',
  'crowdstrike:fdr*': 'crowdstrike-fdr',
  'crowdstrike:events:sensor': 'crowdstrike-fdr',
  'carbonblack:*': 'carbon-black-cloud',
  'vmware:cbc:*': 'carbon-black-cloud',
  'sentinelone:*': 'sentinelone',
  'okta:im2': 'okta',
  'okta:*': 'okta',
  'oktaim2:log': 'okta',
  'mimecast:*': 'mimecast',
  'proofpoint:tap:*': 'proofpoint-tap',
  '1password:*': '1password',
  cef: 'cef',
  cefevents: 'cef',
  leef: 'leef',
  _json: 'json',
  json: 'json',
};

export class SourcetypeMap {
  private readonly exact = new Map<string, string>();
  private readonly patterns: { re: RegExp; id: string }[] = [];

  constructor(entries: Record<string, string>) {
    // Later entries (HEC_SOURCETYPES) take precedence over earlier ones (the defaults).
    for (const [key, id] of Object.entries(entries).reverse()) {
      if (!isKnownSource(id)) continue;
      const k = key.toLowerCase();
      if (k.includes('*')) {
        const re = new RegExp(
          `^${k
            .split('*')
            .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*')}$`,
        );
        this.patterns.push({ re, id });
      } else if (!this.exact.has(k)) this.exact.set(k, id);
    }
  }

  /** The connector a sourcetype selects, or undefined (then the token's default source applies). */
  connectorFor(sourcetype: string | undefined): string | undefined {
    if (!sourcetype) return undefined;
    const k = sourcetype.toLowerCase();
    if (this.exact.has(k)) return this.exact.get(k);
    if (isKnownSource(k)) return k;
    return this.patterns.find((p) => p.re.test(k))?.id;
  }
}

/** HEC_SOURCETYPES extends/overrides the defaults: JSON object or `sourcetype=connector,…`. */
export function parseSourcetypes(spec: string | undefined): SourcetypeMap {
  const extra: Record<string, string> = {};
  const problems: string[] = [];
  if (spec?.trim()) {
    const text = spec.trim();
    let pairs: [string, unknown][] = [];
    if (text.startsWith('{')) {
      try {
        pairs = Object.entries(JSON.parse(text) as Record<string, unknown>);
      } catch (err) {
        problems.push(`HEC_SOURCETYPES: invalid JSON: ${(err as Error).message}`);
      }
    } else {
      pairs = text
        .split(',')
        .filter((p) => p.trim())
        .map((p) => {
          const eq = p.lastIndexOf('=');
          return [p.slice(0, eq).trim(), p.slice(eq + 1).trim()];
        });
    }
    for (const [k, v] of pairs) {
      if (typeof v !== 'string' || !isKnownSource(v))
        problems.push(`HEC_SOURCETYPES: "${k}" maps to "${String(v)}", not a connector id`);
      else extra[k] = v;
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return new SourcetypeMap({ ...DEFAULT_SOURCETYPES, ...extra });
}
