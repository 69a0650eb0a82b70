/**
 * The simulated organisation: users with roles (admins, developers, sales, office staff), one workstation each,
 * and servers (domain controllers, file, web, database, application servers). Every trait is drawn from the
 * seeded PRNG once, so the same seed gives the same people.
 */
import { SeededRandom } from '../../demo/seeded-random.js';
import type { Geo } from './ecs-events.js';

export type Role = 'admin' | 'developer' | 'sales' | 'staff';
export type ServerKind = 'dc' | 'file' | 'web' | 'db' | 'app';

export interface User {
  name: string;
  role: Role;
  workstation: string;
  /** Workstation address on the LAN. */
  ip: string;
  /** Usual day: start and end hour (UTC), before daily jitter. */
  startHour: number;
  endHour: number;
  /** Activity multiplier (0.5 … 1.6). */
  level: number;
  /** Share of working days worked remotely through the VPN. */
  remoteShare: number;
  home: Geo & { ip: string };
  /** A second country visited now and then (sales), present in the learning window too. */
  travel?: Geo & { ip: string };
  /** Programs this user starts, with their usual parent. */
  programs: [exe: string, parent: string][];
  /** Web domains this user's traffic goes to. */
  domains: string[];
  /** Uses AWS (developers, admins). */
  cloud: boolean;
}

export interface Server {
  name: string;
  kind: ServerKind;
  ip: string;
  /** Service programs started every hour, with their parent. */
  programs: [exe: string, parent: string][];
}

export interface Population {
  users: User[];
  servers: Server[];
  /** Office NAT address seen by SaaS and AWS. */
  officeIp: string;
  partners: { name: string; ip: string; geo: Geo }[];
}

const W = 'C:\\Windows\\System32\\';
const PF = 'C:\\Program Files\\';
const EXPLORER = 'C:\\Windows\\explorer.exe';
const OFFICE = `${PF}Microsoft Office\\root\\Office16\\`;

const COMMON: [string, string][] = [
  [`${PF}Google\\Chrome\\Application\\chrome.exe`, EXPLORER],
  [`${OFFICE}OUTLOOK.EXE`, EXPLORER],
  [`${PF}Microsoft\\Teams\\ms-teams.exe`, EXPLORER],
  [`${W}notepad.exe`, EXPLORER],
];
const BY_ROLE: Record<Role, [string, string][]> = {
  admin: [
    [`${W}WindowsPowerShell\\v1.0\\powershell.exe`, EXPLORER],
    [`${W}mmc.exe`, EXPLORER],
    [`${W}cmd.exe`, EXPLORER],
    [`${W}OpenSSH\\ssh.exe`, `${W}cmd.exe`],
    [`${W}mstsc.exe`, EXPLORER],
    [`${PF}Amazon\\AWSCLIV2\\aws.exe`, `${W}WindowsPowerShell\\v1.0\\powershell.exe`],
  ],
  developer: [
    [`${PF}Microsoft VS Code\\Code.exe`, EXPLORER],
    [`${PF}Git\\cmd\\git.exe`, `${PF}Microsoft VS Code\\Code.exe`],
    [`${PF}nodejs\\node.exe`, `${PF}Microsoft VS Code\\Code.exe`],
    [`${W}cmd.exe`, EXPLORER],
    [`${PF}Docker\\Docker\\resources\\bin\\docker.exe`, `${W}cmd.exe`],
    [`${PF}Amazon\\AWSCLIV2\\aws.exe`, `${W}cmd.exe`],
    [`${W}WindowsPowerShell\\v1.0\\powershell.exe`, `${PF}Microsoft VS Code\\Code.exe`],
  ],
  sales: [
    [`${OFFICE}EXCEL.EXE`, EXPLORER],
    [`${OFFICE}POWERPNT.EXE`, EXPLORER],
    [`${PF}Salesforce\\sfdc.exe`, EXPLORER],
    [`${OFFICE}WINWORD.EXE`, EXPLORER],
  ],
  staff: [
    [`${OFFICE}EXCEL.EXE`, EXPLORER],
    [`${OFFICE}WINWORD.EXE`, EXPLORER],
    [`${PF}Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe`, EXPLORER],
    [`${PF}Sage\\Sage100\\sage.exe`, EXPLORER],
  ],
};
const DOMAINS: Record<Role | 'common', string[]> = {
  common: [
    'www.google.com',
    'outlook.office365.com',
    'teams.microsoft.com',
    'www.linkedin.com',
    'login.microsoftonline.com',
    'www.lemonde.fr',
    'cdn.jsdelivr.net',
  ],
  admin: [
    'portal.azure.com',
    'console.aws.amazon.com',
    'docs.microsoft.com',
    'support.vmware.com',
    'github.com',
  ],
  developer: [
    'github.com',
    'registry.npmjs.org',
    'stackoverflow.com',
    'pypi.org',
    'hub.docker.com',
    'console.aws.amazon.com',
  ],
  sales: ['login.salesforce.com', 'app.hubspot.com', 'www.societe.com', 'zoom.us'],
  staff: ['www.impots.gouv.fr', 'app.sage.com', 'www.urssaf.fr', 'docusign.net'],
};

export const HOME_GEOS: Geo[] = [
  { country: 'FR', asn: 3215, asOrg: 'Orange' },
  { country: 'FR', asn: 12322, asOrg: 'Free SAS' },
  { country: 'FR', asn: 5410, asOrg: 'Bouygues Telecom' },
  { country: 'FR', asn: 15557, asOrg: 'SFR' },
  { country: 'BE', asn: 5432, asOrg: 'Proximus' },
  { country: 'CH', asn: 3303, asOrg: 'Swisscom' },
];
export const TRAVEL_GEOS: Geo[] = [
  { country: 'ES', asn: 3352, asOrg: 'Telefonica de Espana' },
  { country: 'DE', asn: 3320, asOrg: 'Deutsche Telekom' },
  { country: 'GB', asn: 2856, asOrg: 'British Telecommunications' },
  { country: 'IT', asn: 3269, asOrg: 'Telecom Italia' },
];
/** Never used by benign activity: the anomalies' foreign countries and hosting networks. */
export const FOREIGN_GEOS: Geo[] = [
  { country: 'NG', asn: 37148, asOrg: 'Globacom' },
  { country: 'VN', asn: 45899, asOrg: 'VNPT Corp' },
  { country: 'BR', asn: 28573, asOrg: 'Claro NXT' },
  { country: 'SG', asn: 14061, asOrg: 'DigitalOcean' },
  { country: 'US', asn: 16509, asOrg: 'Amazon.com (hosting)' },
];

const FIRST = [
  'alice',
  'bruno',
  'chloe',
  'david',
  'emma',
  'farid',
  'gael',
  'hugo',
  'ines',
  'jules',
  'karim',
  'lea',
  'manon',
  'nina',
  'omar',
  'paul',
  'quentin',
  'rose',
  'sarah',
  'theo',
  'ugo',
  'valerie',
  'william',
  'yasmine',
  'zoe',
];
const LAST = [
  'martin',
  'bernard',
  'dubois',
  'thomas',
  'robert',
  'richard',
  'petit',
  'durand',
  'leroy',
  'moreau',
  'simon',
  'laurent',
  'lefebvre',
  'michel',
  'garcia',
  'david',
  'bertrand',
  'roux',
  'vincent',
  'fournier',
];

const publicIp = (rng: SeededRandom, first: number) =>
  `${first}.${rng.int(1, 254)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
const firstOctet: Record<string, number> = {
  FR: 90,
  BE: 91,
  CH: 85,
  ES: 88,
  DE: 87,
  GB: 86,
  IT: 93,
  NG: 102,
  VN: 113,
  BR: 177,
  SG: 128,
  US: 54,
};
export const ipIn = (rng: SeededRandom, geo: Geo) => publicIp(rng, firstOctet[geo.country] ?? 100);

function roleOf(i: number, n: number): Role {
  const admins = Math.max(2, Math.round(n * 0.04));
  const devs = Math.round(n * 0.3);
  const sales = Math.round(n * 0.25);
  if (i < admins) return 'admin';
  if (i < admins + devs) return 'developer';
  if (i < admins + devs + sales) return 'sales';
  return 'staff';
}

export function buildPopulation(seed: number, users: number, servers: number): Population {
  const rng = new SeededRandom(seed ^ 0x5eed);
  const out: User[] = [];
  const names = new Set<string>();
  for (let i = 0; i < users; i++) {
    const role = roleOf(i, users);
    let name = `${rng.pick(FIRST)}.${rng.pick(LAST)}`;
    while (names.has(name)) name = `${name.replace(/\d+$/, '')}${rng.int(2, 99)}`;
    names.add(name);
    const home = rng.chance(0.85) ? rng.pick(HOME_GEOS.slice(0, 4)) : rng.pick(HOME_GEOS.slice(4));
    const travel = role === 'sales' && rng.chance(0.5) ? rng.pick(TRAVEL_GEOS) : undefined;
    const programs = [
      ...COMMON.filter(() => rng.chance(0.85)),
      ...BY_ROLE[role].filter(() => rng.chance(0.8)),
    ];
    if (!programs.length) programs.push(COMMON[0]);
    out.push({
      name,
      role,
      workstation: `ws-${String(i + 1).padStart(4, '0')}`,
      ip: `10.${10 + Math.floor(i / 250)}.1.${(i % 250) + 2}`,
      startHour: role === 'developer' ? rng.int(8, 10) : rng.int(7, 9),
      endHour: role === 'developer' ? rng.int(17, 19) : rng.int(16, 18),
      level: 0.5 + 1.1 * rng.next(),
      remoteShare: role === 'sales' ? 0.5 : role === 'staff' ? 0.15 : 0.3,
      home: { ...home, ip: ipIn(rng, home) },
      travel: travel ? { ...travel, ip: ipIn(rng, travel) } : undefined,
      programs,
      domains: [...DOMAINS.common.filter(() => rng.chance(0.7)), ...DOMAINS[role]],
      cloud: role === 'admin' || role === 'developer',
    });
  }
  const kinds: ServerKind[] = ['dc', 'web', 'file', 'db', 'dc'];
  const SRV: Record<ServerKind, [string, string][]> = {
    dc: [
      [`${W}lsass.exe`, `${W}wininit.exe`],
      [`${W}dfsrs.exe`, `${W}services.exe`],
      [`${W}taskhostw.exe`, `${W}svchost.exe`],
    ],
    file: [
      [`${W}svchost.exe`, `${W}services.exe`],
      [`${W}taskhostw.exe`, `${W}svchost.exe`],
      [`${PF}Veeam\\Endpoint Backup\\Veeam.EndPoint.Service.exe`, `${W}services.exe`],
    ],
    web: [
      [`${W}inetsrv\\w3wp.exe`, `${W}svchost.exe`],
      [`${W}taskhostw.exe`, `${W}svchost.exe`],
    ],
    db: [
      [`${PF}Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe`, `${W}services.exe`],
      [`${PF}Microsoft SQL Server\\160\\Shared\\SQLAGENT.EXE`, `${W}services.exe`],
      [`${W}taskhostw.exe`, `${W}svchost.exe`],
    ],
    app: [
      [`${PF}Java\\jre\\bin\\java.exe`, `${W}services.exe`],
      [`${W}taskhostw.exe`, `${W}svchost.exe`],
      [`${W}svchost.exe`, `${W}services.exe`],
    ],
  };
  const srv: Server[] = [];
  for (let i = 0; i < servers; i++) {
    const kind = kinds[i] ?? 'app';
    const n = srv.filter((s) => s.kind === kind).length + 1;
    srv.push({
      name: `${kind === 'app' ? 'app' : kind}${String(n).padStart(2, '0')}`,
      kind,
      ip: `10.0.0.${i + 10}`,
      programs: SRV[kind],
    });
  }
  const partners = Array.from({ length: 4 }, (_, i) => {
    const geo = i < 3 ? HOME_GEOS[i] : TRAVEL_GEOS[1];
    return { name: `partner${i + 1}`, ip: ipIn(rng, geo), geo };
  });
  return { users: out, servers: srv, officeIp: '90.80.70.60', partners };
}
