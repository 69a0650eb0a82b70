import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConnector } from '@vigie/connectors';
import { loadConfig } from '../../config/config.schema.js';
import { readFileRecords, writeZip } from '@vigie/connectors';
import { expandInputs } from '../import/walk-inputs.js';
import { connect, type VigieClient } from '../vigie-client.js';
import { runImport, summaryText } from './import.command.js';

const regression = fileURLToPath(
  new URL('../../../../../shared/corpora/sigmahq/regression_data', import.meta.url),
);
function firstEvtx(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      const f = firstEvtx(p);
      if (f) return f;
    } else if (name.endsWith('.evtx')) return p;
  }
  return undefined;
}
const evtxSample = firstEvtx(regression);
if (!evtxSample)
  console.warn(
    `import spec: EVTX corpus not found at ${regression}; the mix is imported without an .evtx file`,
  );

const authLines = [
  'May 12 07:01:02 bastion sshd[2211]: Accepted publickey for deploy from 198.51.100.23 port 40222 ssh2',
  'May 12 07:01:09 bastion sshd[2215]: Failed password for invalid user oracle from 203.0.113.9 port 5555 ssh2',
  'May 12 07:01:10 bastion sshd[2215]: Failed password for invalid user oracle from 203.0.113.9 port 5556 ssh2',
];
const trail = (name: string, i: number) => ({
  eventVersion: '1.08',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLE',
    arn: 'arn:aws:iam::210987654321:user/ops',
    accountId: '210987654321',
    userName: 'ops',
  },
  eventTime: `2024-03-05T08:10:1${i}Z`,
  eventSource: 'iam.amazonaws.com',
  eventName: name,
  awsRegion: 'eu-west-3',
  sourceIPAddress: '198.51.100.23',
  userAgent: 'aws-cli/2.15.0',
  recipientAccountId: '210987654321',
  eventID: `e-${i}`,
});
const eve = (i: number) =>
  JSON.stringify({
    timestamp: `2024-01-20T10:00:0${i}.123456+0100`,
    flow_id: 40 + i,
    event_type: 'alert',
    src_ip: '10.0.0.7',
    src_port: 40404,
    dest_ip: '198.51.100.80',
    dest_port: 80,
    proto: 'TCP',
    alert: {
      action: 'blocked',
      gid: 1,
      signature_id: 2000001,
      rev: 2,
      signature: 'ET TEST bad agent',
      category: 'A Network Trojan was detected',
      severity: 1,
    },
  });

describe('vigie import (in-process, temporary DATA_DIR)', () => {
  let dir: string;
  let client: VigieClient;
  let evtxRecords = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-import-'));
    const input = join(dir, 'input');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(input, 'nested'), { recursive: true });
    writeFileSync(join(input, 'auth.log'), authLines.join('\n') + '\n');
    writeFileSync(join(input, 'nested', 'eve.ndjson.gz'), gzipSync([eve(1), eve(2)].join('\n')));
    writeFileSync(
      join(input, 'trail.zip'),
      writeZip([
        {
          name: 'AWSLogs/trail.json',
          data: JSON.stringify({ Records: [trail('CreateUser', 1), trail('ListUsers', 2)] }),
        },
      ]),
    );
    if (evtxSample) {
      copyFileSync(evtxSample, join(input, 'sample.evtx'));
      for await (const it of readFileRecords('x.evtx', (await import('node:fs')).readFileSync(evtxSample)))
        if (it.kind === 'record') evtxRecords++;
    }
    const config = loadConfig({
      DATA_DIR: join(dir, 'data'),
      PORT: '1',
      TENANT: 'default',
      LOG_LEVEL: 'warn',
    });
    client = await connect(config);
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('imports log, gzipped NDJSON, zipped CloudTrail and EVTX files with auto-detection, and the events are searchable', async () => {
    expect(client.mode).toBe('local');
    const { files, errors } = expandInputs([join(dir, 'input')]);
    expect(errors).toEqual([]);
    expect(files.map((f) => f.path.slice(dir.length + 7))).toEqual([
      'auth.log',
      'nested/eve.ndjson.gz',
      ...(evtxSample ? ['sample.evtx'] : []),
      'trail.zip',
    ]);
    const summary = await runImport(client, files, { tenant: 't1', options: {} });
    const byName = Object.fromEntries(summary.files.map((f) => [f.file.slice(dir.length + 7), f]));
    expect(byName['auth.log']).toMatchObject({ records: 3, rejects: 0, connectors: { 'linux-auth': 3 } });
    expect(byName['nested/eve.ndjson.gz']).toMatchObject({
      records: 2,
      rejects: 0,
      connectors: { suricata: 2 },
    });
    expect(byName['trail.zip']).toMatchObject({
      records: 2,
      rejects: 0,
      connectors: { 'aws-cloudtrail': 2 },
    });
    if (evtxSample) {
      expect(evtxRecords).toBeGreaterThan(0);
      expect(byName['sample.evtx'].records).toBe(evtxRecords);
    }
    expect(summaryText(summary)).toMatch(/auth\.log {2}3 records {2}linux-auth {2}0 rejects/);

    const count = async (kql: string) => (await client.search('t1', { kql, size: 1 })).total;
    expect(await count('vigie.connector:"linux-auth"')).toBe(3);
    expect(await count('vigie.connector:"suricata"')).toBe(2);
    expect(await count('vigie.connector:"aws-cloudtrail"')).toBe(2);
    expect(await count('event.action:"ListUsers"')).toBe(1);
    const total = await count('');
    expect(total).toBe(7 + evtxRecords);

    // Importing the same files again stores nothing twice (deterministic delivery ids).
    await runImport(client, files, { tenant: 't1', options: {} });
    expect(await count('')).toBe(total);
  }, 120_000);

  it('routes with a fixed source and dead-letters reader rejects', async () => {
    const bad = join(dir, 'broken.json');
    writeFileSync(bad, '{\n "eventVersion": "1.08"\n}\nnot json at all\n');
    const s = await runImport(client, expandInputs([bad]).files, {
      tenant: 't2',
      connector: getConnector('aws-cloudtrail'),
      options: {},
    });
    expect(s.files[0]).toMatchObject({ records: 1, rejects: 1, connectors: { 'aws-cloudtrail': 1 } });
    expect(s.files[0].reasons[0]).toMatch(/text outside any JSON object at line 4/);
  }, 60_000);
});
