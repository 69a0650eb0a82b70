/**
 * The demo company, "Mutuelle Horizon" (a small mutual-health insurer, domain CORP / corp.example): ~30 staff with
 * one workstation each, a domain controller, a file server, a web server in the DMZ, a proxy, a database and a
 * jump host. Also its asset inventory and identity directory, as the CSV files a customer would import.
 */
export interface DemoUser {
  user: string;
  name: string;
  department: string;
  title: string;
  privileged: boolean;
  manager?: string;
  workstation: string;
  ip: string;
}

export interface DemoHost {
  host: string;
  fqdn: string;
  ip: string;
  os: 'windows' | 'linux';
  criticality: 'low' | 'medium' | 'high' | 'critical';
  owner: string;
  zone: string;
  tags: string[];
}

export const DOMAIN = 'CORP';
export const DNS_SUFFIX = 'corp.example';

const PEOPLE: [string, string, string, string, boolean?][] = [
  ['mdupont', 'Marie Dupont', 'Finance', 'Accountant'],
  ['jlefevre', 'Julien Lefèvre', 'Finance', 'Finance Manager'],
  ['slaurent', 'Sophie Laurent', 'Finance', 'Controller'],
  ['pmoreau', 'Pierre Moreau', 'Claims', 'Claims Handler'],
  ['cgarcia', 'Camille Garcia', 'Claims', 'Claims Handler'],
  ['lroux', 'Lucas Roux', 'Claims', 'Claims Manager'],
  ['efournier', 'Emma Fournier', 'Claims', 'Claims Handler'],
  ['tgirard', 'Thomas Girard', 'Underwriting', 'Underwriter'],
  ['abonnet', 'Alice Bonnet', 'Underwriting', 'Underwriter'],
  ['ndurand', 'Nicolas Durand', 'Underwriting', 'Head of Underwriting'],
  ['lmercier', 'Léa Mercier', 'Customer Service', 'Advisor'],
  ['hblanc', 'Hugo Blanc', 'Customer Service', 'Advisor'],
  ['cguerin', 'Chloé Guérin', 'Customer Service', 'Advisor'],
  ['mboyer', 'Mathieu Boyer', 'Customer Service', 'Team Lead'],
  ['ifaure', 'Inès Faure', 'HR', 'HR Officer'],
  ['rchevalier', 'Romain Chevalier', 'HR', 'HR Director'],
  ['jrobin', 'Jade Robin', 'Marketing', 'Marketing Specialist'],
  ['agautier', 'Antoine Gautier', 'Marketing', 'Marketing Manager'],
  ['mperrin', 'Manon Perrin', 'Legal', 'Legal Counsel'],
  ['bmorel', 'Baptiste Morel', 'Actuarial', 'Actuary'],
  ['zfontaine', 'Zoé Fontaine', 'Actuarial', 'Actuary'],
  ['vroussel', 'Victor Roussel', 'Executive', 'CEO'],
  ['cmathieu', 'Clara Mathieu', 'Executive', 'CFO'],
  ['jmartin', 'Jean Martin', 'IT', 'System Administrator'],
  ['adm-jmartin', 'Jean Martin (admin)', 'IT', 'System Administrator', true],
  ['kleroy', 'Kevin Leroy', 'IT', 'Helpdesk Technician'],
  ['adm-kleroy', 'Kevin Leroy (admin)', 'IT', 'Helpdesk Technician', true],
  ['ofrancois', 'Océane François', 'IT', 'IT Manager'],
  ['www-deploy', 'Web deployment account', 'IT', 'Service account', true],
  ['svc-backup', 'Backup service account', 'IT', 'Service account', true],
];

const MANAGERS: Record<string, string> = {
  Finance: 'jlefevre',
  Claims: 'lroux',
  Underwriting: 'ndurand',
  'Customer Service': 'mboyer',
  HR: 'rchevalier',
  Marketing: 'agautier',
  Legal: 'cmathieu',
  Actuarial: 'ndurand',
  Executive: 'vroussel',
  IT: 'ofrancois',
};

function workstationOf(user: string, department: string, i: number): string {
  const dep = department.slice(0, 3).toLowerCase().replace(/\s/g, '');
  return user === 'mdupont' ? 'ws-fin-03' : `ws-${dep}-${String(i + 1).padStart(2, '0')}`;
}

export const USERS: DemoUser[] = PEOPLE.map(([user, name, department, title, privileged], i) => ({
  user,
  name,
  department,
  title,
  privileged: privileged ?? false,
  manager: MANAGERS[department] === user ? undefined : MANAGERS[department],
  workstation: workstationOf(user.replace(/^adm-/, ''), department, i),
  ip: user === 'mdupont' ? '10.20.1.23' : `10.20.1.${40 + i}`,
}));

/** People with a desk (not admin or service accounts). */
export const STAFF = USERS.filter((u) => !u.user.startsWith('adm-') && !u.user.includes('-'));

export const SERVERS: DemoHost[] = [
  {
    host: 'dc01',
    fqdn: `dc01.${DNS_SUFFIX}`,
    ip: '10.20.0.10',
    os: 'windows',
    criticality: 'critical',
    owner: 'it-infra',
    zone: 'servers',
    tags: ['domain-controller', 'tier0'],
  },
  {
    host: 'fs01',
    fqdn: `fs01.${DNS_SUFFIX}`,
    ip: '10.20.0.20',
    os: 'windows',
    criticality: 'high',
    owner: 'it-infra',
    zone: 'servers',
    tags: ['file-server', 'finance-data'],
  },
  {
    host: 'web01',
    fqdn: `web01.${DNS_SUFFIX}`,
    ip: '172.16.10.5',
    os: 'linux',
    criticality: 'high',
    owner: 'web-team',
    zone: 'dmz',
    tags: ['internet-facing', 'member-portal'],
  },
  {
    host: 'db01',
    fqdn: `db01.${DNS_SUFFIX}`,
    ip: '10.20.0.30',
    os: 'linux',
    criticality: 'critical',
    owner: 'it-infra',
    zone: 'servers',
    tags: ['database', 'health-data'],
  },
  {
    host: 'jump01',
    fqdn: `jump01.${DNS_SUFFIX}`,
    ip: '10.20.0.40',
    os: 'linux',
    criticality: 'high',
    owner: 'it-infra',
    zone: 'admin',
    tags: ['bastion'],
  },
  {
    host: 'proxy01',
    fqdn: `proxy01.${DNS_SUFFIX}`,
    ip: '10.20.0.50',
    os: 'linux',
    criticality: 'medium',
    owner: 'it-infra',
    zone: 'servers',
    tags: ['proxy'],
  },
];

export const WORKSTATIONS: DemoHost[] = [...new Map(USERS.map((u) => [u.workstation, u])).values()].map(
  (u) => ({
    host: u.workstation,
    fqdn: `${u.workstation}.${DNS_SUFFIX}`,
    ip: u.ip,
    os: 'windows' as const,
    criticality:
      u.department === 'Executive' || u.department === 'Finance' ? ('medium' as const) : ('low' as const),
    owner: u.user,
    zone: 'office',
    tags: ['workstation'],
  }),
);

const csvCell = (v: string) => (/[",;\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The asset inventory as a customer would export it (CSV, FQDNs). */
export function assetsCsv(): string {
  const rows = [...SERVERS, ...WORKSTATIONS].map((h) =>
    [h.fqdn, h.criticality, h.owner, h.zone, h.tags.join('|')].map(csvCell).join(','),
  );
  return ['host,criticality,owner,zone,tags', ...rows].join('\n') + '\n';
}

/** The identity directory (CSV, `DOMAIN\user` as an HR export would give it). */
export function identitiesCsv(): string {
  const rows = USERS.map((u) =>
    [`${DOMAIN}\\${u.user}`, u.department, u.title, String(u.privileged), u.manager ?? '', u.name]
      .map(csvCell)
      .join(','),
  );
  return ['user,department,title,privileged,manager,display_name', ...rows].join('\n') + '\n';
}
