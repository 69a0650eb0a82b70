/**
 * A day of ordinary activity at the demo company, ending at `end`: workstation logons and file-share access,
 * office applications starting, a legitimate service install, admins reaching Linux servers through the jump
 * host, deployment sudo commands, member-portal traffic on the web server, staff browsing through the proxy, and
 * routine AWS console work with MFA. Business hours are busier than the night. None of it should alert.
 */
import { SERVERS, STAFF, USERS, DOMAIN } from './company.js';
import type { DemoRecord } from './demo-record.js';
import { cloudTrail, nginxLine, squidLine, syslogLine, sysmonUtc, winlogbeat } from './raw-records.js';
import type { SeededRandom } from './seeded-random.js';

const STEP = 'benign';
const DAY_MS = 24 * 3600_000;

const APPS = [
  ['C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE', '"OUTLOOK.EXE" /recycle'],
  [
    'C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE',
    '"EXCEL.EXE" "\\\\fs01\\finance\\budget-2026.xlsx"',
  ],
  ['C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE', '"WINWORD.EXE" /n'],
  ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', '"chrome.exe" --profile-directory=Default'],
  [
    'C:\\Users\\%USER%\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe',
    '"Teams.exe" --system-initiated',
  ],
  ['C:\\Windows\\System32\\notepad.exe', 'notepad.exe C:\\Users\\%USER%\\Documents\\notes.txt'],
  [
    'C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe',
    '"Acrobat.exe" "C:\\Users\\%USER%\\Downloads\\attestation.pdf"',
  ],
] as const;

const WEB_PATHS = [
  '/',
  '/login',
  '/espace-membre',
  '/espace-membre/remboursements',
  '/espace-membre/documents',
  '/api/remboursements?page=1',
  '/api/garanties',
  '/contact',
  '/static/css/app.css',
  '/static/js/app.js',
  '/static/img/logo.svg',
  '/favicon.ico',
  '/devis?formule=essentiel',
  '/actualites/2026/prevention',
];
const UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
];
/** Members reach the portal from French consumer ISPs. */
const MEMBER_PREFIXES = ['90.63', '90.112', '86.246', '78.192', '82.64', '92.184', '176.180', '109.190'];
const SITES: [string, string][] = [
  ['outlook.office365.com', '52.97.146.162'],
  ['teams.microsoft.com', '52.113.194.132'],
  ['www.google.com', '142.250.179.100'],
  ['www.lemonde.fr', '151.101.2.217'],
  ['www.ameli.fr', '160.92.168.33'],
  ['www.service-public.fr', '185.24.186.129'],
  ['www.linkedin.com', '13.107.42.14'],
  ['login.microsoftonline.com', '20.190.160.20'],
  ['www.wetransfer.com', '18.66.196.11'],
  ['fr.wikipedia.org', '185.15.58.224'],
  ['www.urssaf.fr', '185.6.8.153'],
  ['update.googleapis.com', '142.250.178.131'],
];

/** A time in [start, end) that favours business hours (UTC 07–18). */
function officeTime(rng: SeededRandom, start: number, end: number): Date {
  for (;;) {
    const t = start + rng.next() * (end - start);
    const h = new Date(t).getUTCHours();
    if (h >= 7 && h < 18 ? true : rng.chance(0.12))
      return new Date(Math.floor(t / 1000) * 1000 + rng.int(0, 999));
  }
}

export function benignDay(rng: SeededRandom, end: Date, quietAfter: Date): DemoRecord[] {
  const out: DemoRecord[] = [];
  const endMs = quietAfter.getTime();
  const start = end.getTime() - DAY_MS;
  const at = () => officeTime(rng, start, endMs);
  const push = (source: DemoRecord['source'], when: Date, record: DemoRecord['record']) =>
    out.push({ source, at: when, step: STEP, record });

  for (const u of STAFF) {
    // Morning logon at the workstation, ticket from the DC, share access, a typo now and then.
    const logon = at();
    push(
      'windows-security',
      logon,
      winlogbeat('security', logon, u.workstation, 4624, {
        TargetUserName: u.user,
        TargetDomainName: DOMAIN,
        LogonType: '2',
        IpAddress: '127.0.0.1',
        IpPort: '0',
        LogonProcessName: 'User32',
        AuthenticationPackageName: 'Negotiate',
        WorkstationName: u.workstation.toUpperCase(),
        TargetLogonId: `0x${rng.int(0x10000, 0xfffff).toString(16)}`,
      }),
    );
    for (let i = 0; i < rng.int(2, 5); i++) {
      const t = at();
      const target = rng.pick(['dc01', 'fs01']);
      push(
        'windows-security',
        t,
        winlogbeat('security', t, target, 4624, {
          TargetUserName: u.user,
          TargetDomainName: DOMAIN,
          LogonType: '3',
          IpAddress: u.ip,
          IpPort: String(rng.int(49152, 65535)),
          LogonProcessName: 'Kerberos',
          AuthenticationPackageName: 'Kerberos',
          WorkstationName: '-',
        }),
      );
    }
    if (rng.chance(0.3)) {
      const t = at();
      push(
        'windows-security',
        t,
        winlogbeat('security', t, 'dc01', 4625, {
          TargetUserName: u.user,
          TargetDomainName: DOMAIN,
          LogonType: '3',
          IpAddress: u.ip,
          IpPort: String(rng.int(49152, 65535)),
          Status: '0xc000006d',
          SubStatus: '0xc000006a',
          LogonProcessName: 'NtLmSsp ',
          AuthenticationPackageName: 'NTLM',
          WorkstationName: u.workstation.toUpperCase(),
        }),
      );
    }
    // Applications during the day.
    for (let i = 0; i < rng.int(6, 14); i++) {
      const t = at();
      const [image, cmd] = rng.pick(APPS);
      push(
        'sysmon',
        t,
        winlogbeat('sysmon', t, u.workstation, 1, {
          UtcTime: sysmonUtc(t),
          ProcessGuid: `{${rng.int(1e7, 9e7)}-0000-0000-0000-000000000000}`,
          ProcessId: String(rng.int(1000, 30000)),
          Image: image.replace('%USER%', u.user),
          CommandLine: cmd.replace('%USER%', u.user),
          CurrentDirectory: `C:\\Users\\${u.user}\\`,
          User: `${DOMAIN}\\${u.user}`,
          IntegrityLevel: 'Medium',
          ParentImage: 'C:\\Windows\\explorer.exe',
          ParentCommandLine: 'C:\\Windows\\Explorer.EXE',
        }),
      );
    }
    // Browsing through the proxy.
    for (let i = 0; i < rng.int(40, 80); i++) {
      const t = at();
      const [site, ip] = rng.pick(SITES);
      push(
        'squid',
        t,
        squidLine(
          t,
          u.ip,
          u.user,
          'CONNECT',
          `${site}:443`,
          200,
          rng.int(2_000, 900_000),
          ip,
          rng.int(40, 60_000),
        ),
      );
    }
  }

  // IT: one ipconfig on the admin's workstation, a legitimate service install on the file server.
  const it = USERS.find((u) => u.user === 'jmartin')!;
  const t1 = at();
  push(
    'sysmon',
    t1,
    winlogbeat('sysmon', t1, it.workstation, 1, {
      UtcTime: sysmonUtc(t1),
      ProcessId: '4242',
      Image: 'C:\\Windows\\System32\\ipconfig.exe',
      CommandLine: 'ipconfig /all',
      User: `${DOMAIN}\\jmartin`,
      ParentImage: 'C:\\Windows\\System32\\cmd.exe',
      ParentCommandLine: 'cmd.exe',
    }),
  );
  const t2 = at();
  push(
    'windows-system',
    t2,
    winlogbeat('system', t2, 'fs01', 7045, {
      ServiceName: 'Veeam Backup Agent',
      ImagePath: '"C:\\Program Files\\Veeam\\Endpoint Backup\\Veeam.EndPoint.Service.exe"',
      ServiceType: 'user mode service',
      StartType: 'auto start',
      AccountName: 'LocalSystem',
    }),
  );

  // Linux: admins through the jump host, deployments with sudo, a mistyped password.
  const linux = SERVERS.filter((s) => s.os === 'linux' && s.host !== 'jump01');
  for (let i = 0; i < 40; i++) {
    const t = at();
    const host = rng.pick(linux);
    const user = rng.pick(['jmartin', 'www-deploy', 'svc-backup']);
    push(
      'linux-auth',
      t,
      syslogLine(
        t,
        host.host,
        `sshd[${rng.int(1000, 60000)}]`,
        `Accepted publickey for ${user} from 10.20.0.40 port ${rng.int(40000, 65000)} ssh2: ED25519 SHA256:q9Xv3n0dR2kz8Qm0cYt1pGJm1a7bq5Vw8hE0u2sR4Lk`,
      ),
    );
    if (user === 'www-deploy' && rng.chance(0.7)) {
      const s = new Date(t.getTime() + 20_000);
      push(
        'linux-auth',
        s,
        syslogLine(
          s,
          host.host,
          'sudo',
          `www-deploy : TTY=pts/0 ; PWD=/srv/portal ; USER=root ; COMMAND=${rng.pick(['/usr/bin/systemctl reload nginx', '/usr/bin/systemctl restart portal', '/usr/bin/journalctl -u portal --since today'])}`,
        ),
      );
    }
  }
  const tf = at();
  push(
    'linux-auth',
    tf,
    syslogLine(tf, 'db01', 'sshd[4711]', 'Failed password for jmartin from 10.20.0.40 port 52211 ssh2'),
  );

  // Member portal traffic.
  for (let i = 0; i < 2500; i++) {
    const t = at();
    const ip = `${rng.pick(MEMBER_PREFIXES)}.${rng.int(1, 254)}.${rng.int(1, 254)}`;
    const path = rng.pick(WEB_PATHS);
    const status =
      path === '/login' && rng.chance(0.2) ? 302 : rng.chance(0.03) ? 404 : rng.chance(0.2) ? 304 : 200;
    push(
      'nginx-access',
      t,
      nginxLine(
        t,
        ip,
        path.startsWith('/login') && rng.chance(0.5) ? 'POST' : 'GET',
        path,
        status,
        rng.int(300, 80_000),
        rng.pick(UAS),
        'https://www.mutuelle-horizon.example/',
      ),
    );
  }

  // AWS: the admin works in the console, with MFA.
  const it0 = at();
  push(
    'aws-cloudtrail',
    it0,
    cloudTrail(it0, 'jmartin', 'signin.amazonaws.com', 'ConsoleLogin', '91.165.12.44', {
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: { MFAUsed: 'Yes', LoginTo: 'https://console.aws.amazon.com/' },
    }),
  );
  for (let i = 0; i < 30; i++) {
    const t = new Date(it0.getTime() + rng.int(60, 7200) * 1000);
    if (t.getTime() >= endMs) continue;
    const [src, name] = rng.pick([
      ['ec2.amazonaws.com', 'DescribeInstances'],
      ['s3.amazonaws.com', 'ListBuckets'],
      ['iam.amazonaws.com', 'ListUsers'],
      ['cloudwatch.amazonaws.com', 'GetMetricData'],
    ] as const);
    push('aws-cloudtrail', t, cloudTrail(t, 'jmartin', src, name, '91.165.12.44'));
  }
  return out;
}
