import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { getConnector } from '@vigie/connectors';
import { connectorOptions } from '../import/connector-options.js';
import { resolveSource } from '../import/resolve-source.js';
import { connectorListing, connectorTable } from './connectors.command.js';
import { parseFile } from './parse.command.js';

const dir = mkdtempSync(join(tmpdir(), 'vigie-parse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(file: string, source?: string, options: string[] = []) {
  const out = new PassThrough();
  const err = new PassThrough();
  const o: string[] = [];
  const e: string[] = [];
  out.on('data', (d) => o.push(String(d)));
  err.on('data', (d) => e.push(String(d)));
  const summary = await parseFile(file, {
    connector: resolveSource(source ? { source } : { auto: true }),
    options: connectorOptions(options),
    out,
    err,
  });
  const lines = (a: string[]) =>
    a
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { summary, out: lines(o), err: lines(e) };
}

describe('vigie parse', () => {
  it('prints ECS NDJSON on stdout and one {line, reason} per reject on stderr', async () => {
    const f = join(dir, 'auth.log');
    writeFileSync(
      f,
      'May 12 07:01:02 bastion sshd[2211]: Accepted publickey for deploy from 198.51.100.23 port 40222 ssh2\n\nthis is not syslog\n',
    );
    const r = await run(f, 'linux-auth', ['year=2024', 'timezone=+02:00']);
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatchObject({
      '@timestamp': '2024-05-12T05:01:02.000Z',
      source: { ip: '198.51.100.23' },
    });
    expect(r.err).toHaveLength(1);
    expect(r.err[0].line).toBe(3);
    expect(String(r.err[0].reason)).not.toBe('');
    expect(r.summary).toMatchObject({ records: 2, events: 1, rejects: 1 });
  });

  it('--auto names the connector and its confidence on stderr; mixed JSON is routed per record', async () => {
    const f = join(dir, 'mix.ndjson');
    const sec = {
      EventID: 4624,
      Channel: 'Security',
      SourceName: 'Microsoft-Windows-Security-Auditing',
      Hostname: 'WS1',
      TimeCreated: '2020-11-02T04:12:58.211Z',
      TargetUserName: 'bob',
      LogonType: '3',
    };
    const sysmon = {
      EventID: 1,
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      SourceName: 'Microsoft-Windows-Sysmon',
      Hostname: 'WS1',
      TimeCreated: '2020-11-02T04:12:59.000Z',
      Image: 'C:\\Windows\\System32\\cmd.exe',
      CommandLine: 'cmd /c whoami',
      ProcessId: '42',
    };
    writeFileSync(f, [sec, sysmon, sysmon].map((x) => JSON.stringify(x)).join('\n'));
    const r = await run(f);
    expect(r.summary.connectors).toEqual({ 'windows-security': 1, sysmon: 2 });
    expect(r.err.at(-1)).toEqual({
      auto: { file: f, mode: 'per-record', connectors: { 'windows-security': 1, sysmon: 2 } },
    });

    const g = join(dir, 'auth2.log.gz');
    const { gzipSync } = await import('node:zlib');
    writeFileSync(
      g,
      gzipSync(
        'May 12 07:01:02 bastion sshd[2211]: Accepted publickey for deploy from 198.51.100.23 port 40222 ssh2\n',
      ),
    );
    const a = await run(g);
    expect(a.err[0]).toMatchObject({ auto: { file: join(dir, 'auth2.log'), connector: 'linux-auth' } });
    expect((a.err[0].auto as { confidence: number }).confidence).toBeGreaterThanOrEqual(0.3);
    expect(a.out).toHaveLength(1);
  });

  it('joins multiline records of known multiline sources', async () => {
    const f = join(dir, 'pg.log');
    writeFileSync(
      f,
      '2024-01-02 10:00:00.123 UTC [1] LOG:  statement: SELECT 1\n\tFROM t\n2024-01-02 10:00:01.456 UTC [1] LOG:  checkpoint starting: time\n',
    );
    const r = await run(f, 'postgresql');
    expect(r.summary.records).toBe(2);
    expect(JSON.stringify(r.out[0])).toContain('FROM t');
  });

  it('refuses unusable arguments with a clear message', () => {
    expect(() => resolveSource({ source: 'nope' })).toThrow(
      /unknown source "nope"; known sources: .*cisco-asa/,
    );
    expect(() => resolveSource({})).toThrow(/missing --source/);
    expect(() => connectorOptions(['timezone=Mars/Base'])).toThrow(/unknown timezone/);
    expect(() => connectorOptions(['novalue'])).toThrow(/key=value/);
    expect(connectorOptions(['keepOriginal=false', 'year=2023'])).toEqual({
      keepOriginal: false,
      year: 2023,
    });
  });
});

describe('vigie connectors list', () => {
  it('has a stable JSON shape for every connector', async () => {
    const rows = connectorListing();
    expect(rows.length).toBeGreaterThan(50);
    for (const r of rows)
      expect(Object.keys(r)).toEqual(['id', 'name', 'logsources', 'formats', 'elastic_fixtures']);
    expect(rows.find((r) => r.id === 'cisco-asa')).toMatchObject({
      formats: ['syslog'],
      elastic_fixtures: ['cisco_asa/log'],
    });
    expect(rows.find((r) => r.id === 'cisco-asa')!.logsources[0]).toEqual(
      expect.objectContaining({ product: expect.any(String) }),
    );
    expect(connectorTable(rows).split('\n')[0]).toMatch(/^ID +NAME +FORMATS/);
    expect(getConnector(rows[0].id)).toBeDefined();
  });
});
