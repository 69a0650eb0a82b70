/**
 * Parser fuzzing: every registered connector gets mutated records — from its Elastic corpus fixtures (raw entries
 * and expected `event.original`s, when ../shared/corpora is present) and from generated samples of every family —
 * and must answer each with an event, a skip or a reject with a non-empty reason: never a throw, never an event
 * that cannot be serialised, and never more than a bounded time per record (catastrophic regexes).
 *
 * Mutations: bit flips, truncation, duplication, random bytes / unicode / NULs, 1 MB lines, deeply nested JSON,
 * wrong types in JSON fields (as text and as structured records). The PRNG is seeded; the seed is printed, and
 * FUZZ_SEED=<n> replays a run. FUZZ_RECORDS sets the total (default 110,000).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Connector, ParseOutcome, RawRecord } from '../src/connector.js';
import { connectors } from '../src/registry.js';
import { safeParse } from '../src/registry.js';
import {
  elasticCorpusDir,
  expectedText,
  loadFixture,
  loadManifest,
  entryText,
} from './conformance/corpus.js';
import { HUGE_KINDS, type HugeCase, type HugeResult } from './fuzz.worker.js';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const TOTAL = Number(process.env.FUZZ_RECORDS ?? 110_000);
/** Per-record time bound (ms): ordinary records, and the 1 MB ones. A slow record is re-timed once before it counts. */
const BOUND_MS = 250;
const BOUND_HUGE_MS = 3_000;
const HUGE_PER_CONNECTOR = HUGE_KINDS;
const NOW = new Date('2025-06-01T12:00:00Z');

/** mulberry32: small, fast, good enough for fuzzing; reproducible from the printed seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Generated samples of every family, so the test runs without the corpus. */
const GENERATED: string[] = [
  '<38>May 12 07:01:02 bastion sshd[2211]: Accepted publickey for deploy from 198.51.100.23 port 40222 ssh2',
  'May 12 07:01:09 bastion sshd[2215]: Failed password for invalid user oracle from 203.0.113.9 port 5555 ssh2',
  '2024-05-12T08:02:00.000000+02:00 app1 sudo: alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/ls',
  'type=SYSCALL msg=audit(1700000000.123:42): arch=c000003e syscall=59 success=yes exit=0 a0=1 ppid=1 pid=2 auid=1000 uid=0 comm="ls" exe="/bin/ls" key="exec"',
  '<166>Jan 20 2024 10:00:00 asa-1 : %ASA-6-302013: Built outbound TCP connection 123 for outside:198.51.100.80/443 (198.51.100.80/443) to inside:10.0.0.7/40404 (203.0.113.5/40404)',
  '<134>1 2024-01-20T10:00:00Z fw01 - - - - date=2024-01-20 time=10:00:00 devname="fw01" type="traffic" subtype="forward" srcip=10.0.0.7 dstip=198.51.100.80 srcport=40404 dstport=443 action="accept" policyid=1',
  '<14>Jan 20 10:00:00 pa-fw 1,2024/01/20 10:00:00,0123456789,TRAFFIC,end,2561,2024/01/20 10:00:00,10.0.0.7,198.51.100.80,0.0.0.0,0.0.0.0,rule1,,,ssl,vsys1,trust,untrust,ethernet1/1,ethernet1/2,log,2024/01/20 10:00:00,1,1,40404,443,0,0,0x0,tcp,allow,100,50,50,2',
  'CEF:0|Vendor|Product|1.0|100|Something happened|5|src=10.0.0.7 dst=198.51.100.80 spt=40404 dpt=443 act=blocked msg=hello\\=world suser=bob',
  'LEEF:2.0|Vendor|Product|1.0|EventX|^|src=10.0.0.7^dst=198.51.100.80^usrName=bob',
  '10.0.0.7 - bob [20/Jan/2024:10:00:00 +0100] "GET /index.php?a=1 HTTP/1.1" 200 512 "https://ref.example/" "Mozilla/5.0"',
  '2024/01/20 10:00:00 [error] 123#0: *456 open() "/var/www/x" failed (2: No such file or directory), client: 10.0.0.7, server: web, request: "GET /x HTTP/1.1", host: "web"',
  '[Sat Jan 20 10:00:00.123456 2024] [core:error] [pid 1234:tid 5678] [client 10.0.0.7:40404] AH00037: Symbolic link not allowed: /var/www/x',
  '2024-01-20 10:00:00 10.0.0.1 GET /default.aspx q=1 443 bob 10.0.0.7 Mozilla/5.0 - 200 0 0 15',
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
  '1705744800.123    150 10.0.0.7 TCP_MISS/200 512 GET http://example.com/ - HIER_DIRECT/198.51.100.80 text/html',
  '2024-01-20 10:00:00.123 UTC [1234] LOG:  connection authorized: user=postgres database=postgres',
  '2024-01-20T10:00:00.123456Z 0 [Warning] [MY-010055] [Server] IP address could not be resolved',
  '{"timestamp":"2024-01-20T10:00:00.123456+0100","flow_id":42,"event_type":"alert","src_ip":"10.0.0.7","src_port":40404,"dest_ip":"198.51.100.80","dest_port":80,"proto":"TCP","alert":{"action":"blocked","signature_id":1,"signature":"ET TEST","severity":1}}',
  '{"ts":1705744800.123,"uid":"C1","id.orig_h":"10.0.0.7","id.orig_p":40404,"id.resp_h":"198.51.100.80","id.resp_p":443,"proto":"tcp","service":"ssl","duration":1.5,"orig_bytes":100,"resp_bytes":200,"conn_state":"SF"}',
  '{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/ops","accountId":"1","userName":"ops"},"eventTime":"2024-03-05T08:10:11Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"eu-west-3","sourceIPAddress":"198.51.100.23","requestParameters":{"userName":"x"}}',
  '{"time":"2024-03-05T08:10:11Z","resourceId":"/SUBSCRIPTIONS/X","operationName":"MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE","category":"Administrative","resultType":"Success","callerIpAddress":"198.51.100.23","identity":{"claims":{"name":"bob"}},"properties":{"statusCode":"OK"}}',
  '{"protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog","methodName":"SetIamPolicy","authenticationInfo":{"principalEmail":"bob@example.com"},"requestMetadata":{"callerIp":"198.51.100.23"}},"timestamp":"2024-03-05T08:10:11Z","logName":"projects/p/logs/cloudaudit.googleapis.com%2Factivity","resource":{"type":"project"}}',
  '{"uuid":"u1","published":"2024-03-05T08:10:11Z","eventType":"user.session.start","actor":{"alternateId":"bob@example.com","displayName":"Bob"},"client":{"ipAddress":"198.51.100.23"},"outcome":{"result":"SUCCESS"}}',
  '{"CreationTime":"2024-03-05T08:10:11","Operation":"UserLoggedIn","Workload":"AzureActiveDirectory","UserId":"bob@example.com","ClientIP":"198.51.100.23","ResultStatus":"Success","RecordType":15}',
  '{"EventID":4624,"Channel":"Security","SourceName":"Microsoft-Windows-Security-Auditing","Hostname":"WS1","TimeCreated":"2020-11-02T04:12:58.211Z","TargetUserName":"bob","LogonType":"3","IpAddress":"10.0.0.7"}',
  '{"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Hostname":"WS1","UtcTime":"2020-11-02 04:12:59.000","Image":"C:\\\\Windows\\\\System32\\\\cmd.exe","CommandLine":"cmd /c whoami","ProcessId":"42","Hashes":"SHA256=AB,MD5=CD"}',
  '{"Event":{"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-PowerShell"}},"EventID":4104,"Channel":"Microsoft-Windows-PowerShell/Operational","Computer":"WS1","TimeCreated":{"#attributes":{"SystemTime":"2020-11-02T04:12:59.000Z"}}},"EventData":{"ScriptBlockText":"Get-Process","ScriptBlockId":"x"}}}',
  '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Linux-Sysmon"/><EventID>1</EventID><Channel>Linux-Sysmon/Operational</Channel><Computer>h</Computer></System><EventData><Data Name="Image">/bin/sh</Data></EventData></Event>',
  '"2024-01-20 10:00:00","bob","bob","10.0.0.7","198.51.100.80","Allowed","1 (A)","NOERROR","example.com.","Software/Technology"',
  'key1=value1 key2="quoted value" key3=3 src=10.0.0.7',
];

const UNICODE = [
  '\u0000',
  '\uFFFD',
  '\u202E',
  '\u0301',
  '😀',
  '\uD800',
  '\uDFFF',
  '\u2028',
  '\u00A0',
  'Ω',
  '\\u0000',
  '"',
  '\\',
  '%',
  '{',
  '}',
  '[',
  ']',
  '=',
  '|',
  ',',
  ';',
  '\n',
  '\r',
  '\t',
];

interface Case {
  connector: Connector;
  record: RawRecord;
  mutation: string;
  huge?: boolean;
}

interface Finding {
  connector: string;
  problem: string;
  mutation: string;
  /** Minimal repro (or the head of a huge input with its length). */
  input: string;
}

function describeInput(record: RawRecord, max = 400): string {
  const text =
    typeof record === 'string'
      ? record
      : (() => {
          try {
            return 'object:' + JSON.stringify(record);
          } catch {
            return 'object:<unserialisable>';
          }
        })();
  return text.length > max
    ? `${JSON.stringify(text.slice(0, max))}… (${text.length} chars)`
    : JSON.stringify(text);
}

class Mutator {
  constructor(readonly rnd: () => number) {}
  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)];
  }
  randomBytes(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.int(256));
    return s;
  }
  insert(s: string, piece: string): string {
    const at = this.int(s.length + 1);
    return s.slice(0, at) + piece + s.slice(at);
  }
  text(seed: string): { text: string; mutation: string } {
    switch (this.int(9)) {
      case 0: {
        // bit flips on a few chars
        const chars = [...seed];
        const flips = 1 + this.int(4);
        for (let i = 0; i < flips && chars.length; i++) {
          const k = this.int(chars.length);
          chars[k] = String.fromCharCode(chars[k].charCodeAt(0) ^ (1 << this.int(8)));
        }
        return { text: chars.join(''), mutation: 'bitflip' };
      }
      case 1:
        return { text: seed.slice(0, this.int(seed.length + 1)), mutation: 'truncate' };
      case 2: {
        const a = this.int(seed.length + 1);
        const b = Math.min(seed.length, a + 1 + this.int(40));
        return {
          text: seed.slice(0, b) + seed.slice(a, b).repeat(1 + this.int(20)) + seed.slice(b),
          mutation: 'duplicate-segment',
        };
      }
      case 3:
        return { text: seed + (this.rnd() < 0.5 ? '\n' : ' ') + seed, mutation: 'duplicate-record' };
      case 4:
        return { text: this.insert(seed, this.randomBytes(1 + this.int(32))), mutation: 'random-bytes' };
      case 5: {
        let t = seed;
        for (let i = 0, n = 1 + this.int(6); i < n; i++) t = this.insert(t, this.pick(UNICODE));
        return { text: t, mutation: 'unicode' };
      }
      case 6:
        return { text: this.insert(seed, '\u0000'.repeat(1 + this.int(8))), mutation: 'nul' };
      case 7: {
        // delete a random span
        const a = this.int(seed.length + 1);
        return { text: seed.slice(0, a) + seed.slice(a + 1 + this.int(30)), mutation: 'delete-span' };
      }
      default: {
        // swap two separators / tokens
        const parts = seed.split(/(\s+|,|\||=|:)/);
        if (parts.length > 2) {
          const i = this.int(parts.length);
          const j = this.int(parts.length);
          [parts[i], parts[j]] = [parts[j], parts[i]];
        }
        return { text: parts.join(''), mutation: 'token-swap' };
      }
    }
  }
  wrongValue(): unknown {
    return this.pick<() => unknown>([
      () => null,
      () => 1.2345678901234567e19, // beyond Number.MAX_SAFE_INTEGER
      () => -1,
      () => 1.5e308,
      () => true,
      () => [],
      () => [1, 'a', null, {}],
      () => ({}),
      () => ({ nested: { deeper: [null] } }),
      () => '',
      () => 'x'.repeat(10_000),
      () => '\u0000\uD800',
      () => 'NaN',
      () => '9999-99-99T99:99:99Z',
      () => '::ffff:999.1.1.1',
    ])();
  }
  /** Replaces values of random fields (at any depth) with values of the wrong type. */
  json(value: Record<string, unknown>): Record<string, unknown> {
    const copy = structuredClone(value);
    const paths: { obj: Record<string, unknown>; key: string }[] = [];
    const walk = (o: unknown, depth: number) => {
      if (depth > 6 || o === null || typeof o !== 'object') return;
      for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
        if (!Array.isArray(o)) paths.push({ obj: o as Record<string, unknown>, key: k });
        walk(v, depth + 1);
      }
    };
    walk(copy, 0);
    const n = 1 + this.int(3);
    for (let i = 0; i < n && paths.length; i++) {
      const p = this.pick(paths);
      p.obj[p.key] = this.wrongValue();
    }
    if (this.rnd() < 0.2)
      copy[this.pick(['message', 'event', 'Records', 'EventID', 'Event', '@timestamp'])] = this.wrongValue();
    return copy;
  }
  nested(depth: number): string {
    const open = this.rnd() < 0.5 ? '{"a":' : '[';
    const close = open === '[' ? ']' : '}';
    return open.repeat(depth) + '1' + close.repeat(depth);
  }
}

function tryParseObject(text: string): Record<string, unknown> | undefined {
  const t = text.trim();
  if (!t.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(t);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Corpus seeds per connector: raw entries and expected `event.original`s of its Elastic fixtures. */
function corpusSeeds(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const dir = elasticCorpusDir();
  if (!existsSync(dir)) return out;
  const manifest = loadManifest(dir);
  for (const c of connectors) {
    const seeds = new Set<string>();
    for (const fx of c.elasticFixtures) {
      for (const f of loadFixture(fx, dir, manifest)) {
        for (const e of f.entries) {
          const t =
            entryText(e.record) ?? (typeof e.record === 'string' ? e.record : JSON.stringify(e.record));
          if (t) seeds.add(t);
        }
        for (const d of f.expected ?? []) {
          const o = expectedText(d).original;
          if (o) seeds.add(o);
        }
      }
    }
    out.set(
      c.id,
      [...seeds].filter((s) => s.length < 200_000),
    );
  }
  return out;
}

type Timed = { outcome?: ParseOutcome; threw?: unknown; ms: number };

function timeParse(c: Connector, record: RawRecord): Timed {
  const t0 = performance.now();
  try {
    const outcome = c.parse(record, { options: {}, now: NOW });
    return { outcome, ms: performance.now() - t0 };
  } catch (err) {
    return { threw: err, ms: performance.now() - t0 };
  }
}

/** Shrinks a string input while `fails` holds (halving, then span deletion); bounded number of tries. */
function minimize(input: string, fails: (s: string) => boolean): string {
  let cur = input;
  let tries = 0;
  for (let chunk = Math.max(1, cur.length >> 1); chunk >= 1 && tries < 400; chunk >>= 1) {
    for (let i = 0; i + chunk <= cur.length && tries < 400;) {
      const cand = cur.slice(0, i) + cur.slice(i + chunk);
      tries++;
      if (fails(cand)) cur = cand;
      else i += chunk;
    }
  }
  return cur;
}

const WORKER = fileURLToPath(new URL('./fuzz.worker.ts', import.meta.url));

/**
 * Runs the 1 MB cases in a child process, one at a time; a case without an answer within the bound is recorded as
 * timed out, the child is killed and a new one goes on with the next case (other cases of that connector are skipped).
 */
async function runHugeCases(cases: HugeCase[]): Promise<(HugeResult & { timedOut?: boolean })[]> {
  const results: (HugeResult & { timedOut?: boolean })[] = [];
  const stuck = new Set<string>();
  let next = 0;
  while (next < cases.length) {
    const batch = cases.slice(next).filter((c) => !stuck.has(c.id));
    if (batch.length === 0) break;
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    let failed = false;
    for (const c of batch) {
      if (stuck.has(c.id)) continue;
      child.stdin!.write(JSON.stringify(c) + '\n');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(() => resolve('timeout'), BOUND_HUGE_MS + 2_000)),
      );
      const got = await Promise.race([lines.next(), timeout]);
      clearTimeout(timer);
      next = c.i + 1;
      if (got === 'timeout' || got.done) {
        results.push({ i: c.i, ms: BOUND_HUGE_MS, timedOut: true });
        stuck.add(c.id);
        child.kill('SIGKILL');
        failed = true;
        break;
      }
      results.push(JSON.parse(got.value) as HugeResult);
    }
    if (!failed) {
      child.stdin!.end();
      await new Promise((resolve) => child.once('exit', resolve));
      break;
    }
  }
  return results;
}

const corpusPresent = existsSync(elasticCorpusDir());
if (!corpusPresent)
  console.warn(`fuzz: Elastic corpus not found at ${elasticCorpusDir()}; fuzzing generated samples only`);

describe('parser fuzzing', () => {
  it(`no connector throws, rejects without a reason, emits an unserialisable event or stalls (seed ${SEED})`, async () => {
    console.log(
      `fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED}), ${TOTAL} records, ${connectors.length} connectors`,
    );
    const rnd = prng(SEED);
    const m = new Mutator(rnd);
    const seedsByConnector = corpusSeeds();
    const findings: Finding[] = [];
    const seen = new Set<string>();
    const slowest: { connector: string; ms: number; mutation: string; input: string }[] = [];
    const stats = new Map<
      string,
      { records: number; events: number; rejects: number; skips: number; ms: number }
    >();
    const perConnector = Math.ceil(TOTAL / connectors.length);
    const started = performance.now();
    let total = 0;

    const report = (f: Finding) => {
      const key = `${f.connector}|${f.problem.split(':')[0]}`;
      if (seen.has(key)) return; // one finding per connector and problem kind
      seen.add(key);
      findings.push(f);
    };

    const check = (cs: Case) => {
      const c = cs.connector;
      let r = timeParse(c, cs.record);
      const bound = cs.huge ? BOUND_HUGE_MS : BOUND_MS;
      if (r.ms > bound) r = { ...timeParse(c, cs.record), ms: Math.min(r.ms, timeParse(c, cs.record).ms) };
      const st = stats.get(c.id) ?? { records: 0, events: 0, rejects: 0, skips: 0, ms: 0 };
      stats.set(c.id, st);
      st.records++;
      st.ms += r.ms;
      total++;
      if (slowest.length < 5 || r.ms > slowest[slowest.length - 1].ms) {
        slowest.push({
          connector: c.id,
          ms: r.ms,
          mutation: cs.mutation,
          input: describeInput(cs.record, 120),
        });
        slowest.sort((a, b) => b.ms - a.ms);
        slowest.length = Math.min(slowest.length, 5);
      }
      // safeParse is the contract the pipeline relies on: it must never throw.
      let safeThrew = false;
      try {
        safeParse(c, cs.record, { options: {}, now: NOW });
      } catch {
        safeThrew = true;
      }
      if (safeThrew)
        report({
          connector: c.id,
          problem: 'safeParse threw',
          mutation: cs.mutation,
          input: describeInput(cs.record),
        });
      if (r.threw !== undefined) {
        const msg = (r.threw as Error)?.message ?? String(r.threw);
        const input =
          typeof cs.record === 'string' && !cs.huge
            ? JSON.stringify(minimize(cs.record, (s) => timeParse(c, s).threw !== undefined))
            : describeInput(cs.record);
        report({
          connector: c.id,
          problem: `parse threw: ${msg.slice(0, 200)}`,
          mutation: cs.mutation,
          input,
        });
        return;
      }
      if (r.ms > bound) {
        report({
          connector: c.id,
          problem: `slow: ${r.ms.toFixed(0)} ms for one record (bound ${bound} ms)`,
          mutation: cs.mutation,
          input: describeInput(cs.record),
        });
      }
      const o = r.outcome!;
      if (!o || (o.kind !== 'event' && o.kind !== 'reject' && o.kind !== 'skip')) {
        report({
          connector: c.id,
          problem: `bad outcome: ${JSON.stringify(o)?.slice(0, 100)}`,
          mutation: cs.mutation,
          input: describeInput(cs.record),
        });
        return;
      }
      if (o.kind === 'event') {
        st.events++;
        try {
          JSON.stringify(o.event);
        } catch (err) {
          report({
            connector: c.id,
            problem: `event not serialisable: ${(err as Error).message}`,
            mutation: cs.mutation,
            input: describeInput(cs.record),
          });
        }
      } else {
        if (o.kind === 'reject') st.rejects++;
        else st.skips++;
        if (typeof o.reason !== 'string' || o.reason.trim() === '') {
          const input =
            typeof cs.record === 'string' && !cs.huge
              ? JSON.stringify(
                  minimize(cs.record, (s) => {
                    const x = timeParse(c, s).outcome;
                    return (
                      !!x && x.kind !== 'event' && (typeof x.reason !== 'string' || x.reason.trim() === '')
                    );
                  }),
                )
              : describeInput(cs.record);
          report({ connector: c.id, problem: `${o.kind} without a reason`, mutation: cs.mutation, input });
        }
      }
    };

    const hugeCases: HugeCase[] = [];
    for (const c of connectors) {
      const own = seedsByConnector.get(c.id) ?? [];
      // Own seeds (corpus) weigh more; generated samples of every family keep the test meaningful without the corpus.
      const pool = own.length > 0 ? [...own, ...own, ...GENERATED] : GENERATED;
      let n = 0;
      for (let h = 0; h < HUGE_PER_CONNECTOR; h++, n++)
        hugeCases.push({ i: hugeCases.length, id: c.id, seed: m.pick(pool), kind: h % HUGE_KINDS });
      check({ connector: c, record: m.nested(20_000), mutation: 'nested-json-20000' });
      check({
        connector: c,
        record: `{"message":${JSON.stringify(m.nested(5_000))}}`,
        mutation: 'nested-json-in-message',
      });
      check({ connector: c, record: '', mutation: 'empty' });
      check({ connector: c, record: {}, mutation: 'empty-object' });
      n += 4;
      for (const seed of own) {
        // Every unmutated seed once: the baseline must hold too.
        check({ connector: c, record: seed, mutation: 'none' });
        n++;
      }
      while (n < perConnector) {
        const seed = m.pick(pool);
        const obj = m.rnd() < 0.35 ? tryParseObject(seed) : undefined;
        if (obj) {
          const wrong = m.json(obj);
          // Structured records and their text form both reach parsers.
          if (m.rnd() < 0.5) check({ connector: c, record: wrong, mutation: 'json-wrong-types(object)' });
          else check({ connector: c, record: JSON.stringify(wrong), mutation: 'json-wrong-types(text)' });
        } else {
          const { text, mutation } = m.text(seed);
          check({ connector: c, record: text, mutation });
        }
        n++;
      }
    }
    // The 1 MB records run in a child process that is killed when one overruns its bound.
    for (const r of await runHugeCases(hugeCases)) {
      const cs = hugeCases[r.i];
      const st = stats.get(cs.id)!;
      st.records++;
      total++;
      const input = `hugeRecord(${JSON.stringify(cs.seed.slice(0, 160))}, ${cs.kind}) (1 MB; see test/fuzz.worker.ts)`;
      if (r.timedOut) {
        report({
          connector: cs.id,
          problem: `slow: no answer within ${BOUND_HUGE_MS} ms for one 1 MB record (killed)`,
          mutation: 'huge-1MB',
          input,
        });
        continue;
      }
      st.ms += r.ms;
      if (slowest.length < 5 || r.ms > slowest[slowest.length - 1].ms) {
        slowest.push({ connector: cs.id, ms: r.ms, mutation: 'huge-1MB', input: input.slice(0, 120) });
        slowest.sort((a, b) => b.ms - a.ms);
        slowest.length = Math.min(slowest.length, 5);
      }
      if (r.threw !== undefined)
        report({
          connector: cs.id,
          problem: `parse threw: ${r.threw.slice(0, 200)}`,
          mutation: 'huge-1MB',
          input,
        });
      else if (r.ms > BOUND_HUGE_MS)
        report({
          connector: cs.id,
          problem: `slow: ${r.ms.toFixed(0)} ms for one 1 MB record (bound ${BOUND_HUGE_MS} ms)`,
          mutation: 'huge-1MB',
          input,
        });
      else if (r.outcome !== 'event' && !(r.reason ?? '').trim())
        report({ connector: cs.id, problem: `${r.outcome} without a reason`, mutation: 'huge-1MB', input });
      else if (r.serialisable === false)
        report({ connector: cs.id, problem: 'event not serialisable', mutation: 'huge-1MB', input });
      if (r.outcome === 'event') st.events++;
      else if (r.outcome === 'reject') st.rejects++;
      else if (r.outcome === 'skip') st.skips++;
    }
    const seconds = (performance.now() - started) / 1000;
    const rows = [...stats.entries()].map(([id, s]) => ({
      id,
      records: s.records,
      events: s.events,
      rejects: s.rejects,
      skips: s.skips,
      'µs/record': Math.round((s.ms / s.records) * 1000),
    }));
    rows.sort((a, b) => b['µs/record'] - a['µs/record']);
    console.log(`fuzz: ${total} records in ${seconds.toFixed(1)} s; slowest connectors (mean µs/record):`);
    console.table(rows.slice(0, 8));
    console.log('fuzz: slowest single records:');
    console.table(
      slowest.map((s) => ({
        connector: s.connector,
        ms: s.ms.toFixed(1),
        mutation: s.mutation,
        input: s.input,
      })),
    );
    if (findings.length) {
      console.log(
        `fuzz: ${findings.length} finding(s) (seed ${SEED}):\n` +
          findings.map((f) => `  ${f.connector}: ${f.problem} [${f.mutation}] input=${f.input}`).join('\n'),
      );
    }
    expect(total).toBeGreaterThanOrEqual(100_000);
    expect(findings, `fuzz findings with seed ${SEED} (replay with FUZZ_SEED=${SEED})`).toEqual([]);
  }, 180_000);
});
