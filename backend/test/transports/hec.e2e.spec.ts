/**
 * Splunk HEC end to end: curl posts real HEC payloads (concatenated JSON events with Splunk metadata, gzip bodies,
 * the raw endpoint with a channel) to the running app; the events are then found in storage, routed by token and
 * sourcetype. Error answers are compared with Splunk's exact text/code pairs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetters, found, removeDir, run, sendersAvailable, startApp, type Running } from './support.js';

const CURL = '/usr/bin/curl';
const ready = await sendersAvailable('HEC transport', [{ path: CURL, pkg: 'curl' }]);

describe.skipIf(!ready)('Splunk HEC with curl', () => {
  let vigie: Running;
  const work = mkdtempSync(join(tmpdir(), 'vigie-hec-'));

  /** curl → [status, parsed JSON body]. */
  async function curl(path: string, args: string[]): Promise<[number, Record<string, unknown>]> {
    const r = await run(CURL, ['-sS', '-o', '-', '-w', '\n%{http_code}', ...args, `${vigie.base}${path}`]);
    if (r.code !== 0) throw new Error(`curl failed: ${r.stderr}`);
    const nl = r.stdout.lastIndexOf('\n');
    return [Number(r.stdout.slice(nl + 1)), JSON.parse(r.stdout.slice(0, nl))];
  }

  beforeAll(async () => {
    vigie = await startApp({
      HEC_TOKENS: 'a1b2c3d4-0000-4000-8000-00000000acme=acme:auto,globex-token=globex:linux-auth',
    });
  });
  afterAll(async () => {
    await vigie?.close();
    removeDir(work);
    if (vigie) removeDir(vigie.dir);
  });

  const auth = ['-H', 'Authorization: Splunk a1b2c3d4-0000-4000-8000-00000000acme'];

  it('accepts concatenated events with Splunk metadata; sourcetype selects the connector', async () => {
    const body =
      JSON.stringify({
        time: 1714557600,
        host: 'web01',
        source: '/var/log/auth.log',
        sourcetype: 'linux_secure',
        index: 'main',
        event: 'May  1 10:00:00 web01 sshd[99]: Accepted password for hec_user from 10.6.0.1 port 5 ssh2',
      }) +
      JSON.stringify({
        time: '1714557601.250',
        host: 'fw01',
        sourcetype: 'cisco:asa',
        event:
          '<166>May 01 2024 10:00:00 fw01 : %ASA-6-302013: Built inbound TCP connection 1234 for outside:203.0.113.9/51000 (203.0.113.9/51000) to inside:10.0.0.10/443 (10.0.0.10/443)',
        fields: { datacenter: 'par1' },
      });
    writeFileSync(join(work, 'events.json'), body);
    const [status, answer] = await curl('/services/collector/event', [
      ...auth,
      '--data-binary',
      `@${join(work, 'events.json')}`,
    ]);
    expect([status, answer]).toEqual([200, { text: 'Success', code: 0 }]);
    const ssh = await found(vigie.base, 'user.name:hec_user');
    expect(ssh.hits[0].doc).toMatchObject({
      vigie: {
        connector: 'linux-auth',
        tenant: 'acme',
        transport: {
          type: 'hec',
          host: 'web01',
          source: '/var/log/auth.log',
          sourcetype: 'linux_secure',
          index: 'main',
        },
      },
      source: { ip: '10.6.0.1' },
      host: { name: 'web01' },
      // The line has no year: it is resolved against the HEC time (2024), not against the wall clock.
      '@timestamp': '2024-05-01T10:00:00.000Z',
    });
    expect(ssh.hits[0].doc.event.original).toBe(
      'May  1 10:00:00 web01 sshd[99]: Accepted password for hec_user from 10.6.0.1 port 5 ssh2',
    );
    const asa = await found(vigie.base, 'source.ip:203.0.113.9');
    expect(asa.hits[0].doc).toMatchObject({
      vigie: { connector: 'cisco-asa' },
      destination: { ip: '10.0.0.10', port: 443 },
      labels: { datacenter: 'par1' },
    });
  });

  it('gives a record without its own time and host the HEC time and host (a Universal Forwarder envelope)', async () => {
    const body =
      JSON.stringify({
        time: 1714557610.5,
        host: 'uf-host-07',
        source: '/opt/app/audit.log',
        sourcetype: 'kv',
        index: 'apps',
        fields: { env: 'prod', 'team.name': 'payments', shard: 3 },
        event: 'user=hec_kv_user action=export records=120',
      }) +
      JSON.stringify({
        time: '1714557620',
        host: 'uf-host-08',
        sourcetype: 'json',
        event: { user: 'hec_json_user', action: 'delete', count: 2 },
      });
    writeFileSync(join(work, 'uf.json'), body);
    const [status, answer] = await curl('/services/collector/event', [
      ...auth,
      '--data-binary',
      `@${join(work, 'uf.json')}`,
    ]);
    expect([status, answer]).toEqual([200, { text: 'Success', code: 0 }]);
    const kv = await found(vigie.base, 'kv.user:hec_kv_user');
    expect(kv.hits[0].doc).toMatchObject({
      '@timestamp': '2024-05-01T10:00:10.500Z',
      host: { name: 'uf-host-07' },
      labels: { env: 'prod', team_name: 'payments', shard: '3' },
      vigie: {
        connector: 'kv',
        transport: {
          type: 'hec',
          host: 'uf-host-07',
          source: '/opt/app/audit.log',
          sourcetype: 'kv',
          index: 'apps',
        },
      },
    });
    const json = await found(vigie.base, 'user:hec_json_user');
    expect(json.hits[0].doc).toMatchObject({
      '@timestamp': '2024-05-01T10:00:20.000Z',
      host: { name: 'uf-host-08' },
      vigie: { connector: 'json', transport: { type: 'hec', host: 'uf-host-08', sourcetype: 'json' } },
    });
  });

  it('accepts a gzip body on /services/collector and the token in the query string', async () => {
    const event = JSON.stringify({
      event: 'May  1 10:00:02 gx01 sshd[7]: Accepted publickey for gzip_user from 10.6.0.2 port 6 ssh2',
    });
    writeFileSync(
      join(work, 'events.json.gz'),
      gzipSync(`${event}\n${event.replace('gzip_user', 'gzip_user2')}\n`),
    );
    const [status, answer] = await curl('/services/collector?token=globex-token', [
      '-H',
      'Content-Encoding: gzip',
      '--data-binary',
      `@${join(work, 'events.json.gz')}`,
    ]);
    expect([status, answer]).toEqual([200, { text: 'Success', code: 0 }]);
    const r = await found(vigie.base, 'user.name:gzip_user OR user.name:gzip_user2', 2, 'globex');
    expect(r.hits.map((h) => h.doc.vigie.connector)).toEqual(['linux-auth', 'linux-auth']);
  });

  it('accepts lines on the raw endpoint with a channel', async () => {
    const lines = [
      'May  1 10:00:03 web02 sshd[8]: Failed password for raw_user from 10.6.0.3 port 7 ssh2',
      'May  1 10:00:04 web02 sshd[8]: Accepted password for raw_user from 10.6.0.3 port 7 ssh2',
    ];
    const [status, answer] = await curl(
      '/services/collector/raw?channel=0aeeac95-ac74-4aa9-b30d-6c4c0ac581ba&sourcetype=linux_secure&host=hf-01&index=os',
      [...auth, '--data-binary', lines.join('\n')],
    );
    expect([status, answer]).toEqual([200, { text: 'Success', code: 0 }]);
    const r = await found(vigie.base, 'user.name:raw_user', 2);
    expect(r.hits.map((h) => h.doc.event.outcome).sort()).toEqual(['failure', 'success']);
    // The lines name their host: the query's host stays in the envelope only.
    expect(r.hits[0].doc).toMatchObject({
      host: { name: 'web02' },
      vigie: { transport: { type: 'hec', host: 'hf-01', sourcetype: 'linux_secure', index: 'os' } },
    });
  });

  it('answers like Splunk: health, missing/invalid token, no data, invalid data format', async () => {
    expect(await curl('/services/collector/health', [])).toEqual([200, { text: 'HEC is healthy', code: 17 }]);
    expect(await curl('/services/collector/event', ['--data-binary', '{"event":"x"}'])).toEqual([
      401,
      { text: 'Token is required', code: 2 },
    ]);
    expect(
      await curl('/services/collector/event', [
        '-H',
        'Authorization: Splunk nope',
        '--data-binary',
        '{"event":"x"}',
      ]),
    ).toEqual([403, { text: 'Invalid token', code: 4 }]);
    expect(
      await curl('/services/collector/event', [
        '-H',
        'Authorization: Weird x',
        '--data-binary',
        '{"event":"x"}',
      ]),
    ).toEqual([401, { text: 'Invalid authorization', code: 3 }]);
    expect(await curl('/services/collector/event', [...auth, '--data-binary', ' '])).toEqual([
      400,
      { text: 'No data', code: 5 },
    ]);
    expect(
      await curl('/services/collector/event', [...auth, '--data-binary', '{"event":"fine"}{"event": oops}']),
    ).toEqual([400, { text: 'Invalid data format', code: 6, 'invalid-event-number': 1 }]);
    expect(await curl('/services/collector/event', [...auth, '--data-binary', '{"host":"h"}'])).toEqual([
      400,
      { text: 'Event field is required', code: 12, 'invalid-event-number': 0 },
    ]);
    const dl = await deadLetters(vigie.base);
    expect(dl.find((d) => d.doc.raw === '{"event": oops}')?.doc.reason).toMatch(
      /^HEC: event 1: invalid JSON/,
    );
  });
});
