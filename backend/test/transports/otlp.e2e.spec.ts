/**
 * OTLP/HTTP JSON logs end to end: curl posts an ExportLogsServiceRequest as the OpenTelemetry Collector's
 * otlphttp exporter (encoding: json) sends it; the records are then found in storage, routed by the `vigie.*`
 * resource attributes. Protobuf is refused with 415 and a message saying what to configure.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetters, found, removeDir, run, sendersAvailable, startApp, type Running } from './support.js';

const CURL = '/usr/bin/curl';
const ready = await sendersAvailable('OTLP transport', [{ path: CURL, pkg: 'curl' }]);

const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });

const request = {
  resourceLogs: [
    {
      resource: {
        attributes: [
          attr('service.name', 'sshd'),
          attr('host.name', 'otel01'),
          attr('vigie.source', 'linux-auth'),
        ],
      },
      scopeLogs: [
        {
          scope: {
            name: 'github.com/open-telemetry/opentelemetry-collector-contrib/pkg/stanza/fileconsumer',
          },
          logRecords: [
            {
              timeUnixNano: '1714557600000000000',
              observedTimeUnixNano: '1714557600100000000',
              severityNumber: 9,
              severityText: 'INFO',
              body: {
                stringValue:
                  'May  1 10:00:00 otel01 sshd[11]: Accepted password for otlp_user from 10.8.0.1 port 1 ssh2',
              },
              attributes: [attr('log.file.name', 'auth.log')],
              traceId: '',
              spanId: '',
            },
            { timeUnixNano: '1714557601000000000', severityText: 'WARN' },
          ],
        },
      ],
    },
    {
      resource: { attributes: [attr('vigie.tenant', 'globex')] },
      scopeLogs: [
        {
          logRecords: [
            {
              body: {
                stringValue:
                  'May  1 10:00:02 gx sshd[12]: Failed password for otlp_globex from 10.8.0.2 port 2 ssh2',
              },
            },
          ],
        },
      ],
    },
  ],
};

describe.skipIf(!ready)('OTLP/HTTP JSON logs with curl', () => {
  let vigie: Running;
  const work = mkdtempSync(join(tmpdir(), 'vigie-otlp-'));

  async function curl(args: string[]): Promise<[number, Record<string, unknown>]> {
    const r = await run(CURL, ['-sS', '-o', '-', '-w', '\n%{http_code}', ...args, `${vigie.base}/v1/logs`]);
    if (r.code !== 0) throw new Error(`curl failed: ${r.stderr}`);
    const nl = r.stdout.lastIndexOf('\n');
    return [Number(r.stdout.slice(nl + 1)), JSON.parse(r.stdout.slice(0, nl))];
  }

  beforeAll(async () => {
    vigie = await startApp({});
  });
  afterAll(async () => {
    await vigie?.close();
    removeDir(work);
    if (vigie) removeDir(vigie.dir);
  });

  it('stores log records routed by resource attributes and reports the bad one as a partial success', async () => {
    writeFileSync(join(work, 'logs.json.gz'), gzipSync(JSON.stringify(request)));
    const [status, answer] = await curl([
      '-H',
      'Content-Type: application/json',
      '-H',
      'Content-Encoding: gzip',
      '--data-binary',
      `@${join(work, 'logs.json.gz')}`,
    ]);
    expect(status).toBe(200);
    expect(answer).toEqual({
      partialSuccess: {
        rejectedLogRecords: 1,
        errorMessage: '1 log record(s) rejected; first: log record has no body',
      },
    });
    const ssh = await found(vigie.base, 'user.name:otlp_user');
    expect(ssh.hits[0].doc).toMatchObject({
      vigie: { connector: 'linux-auth', tenant: 'acme', transport: { type: 'otlp', host: 'otel01' } },
      host: { name: 'otel01' },
      source: { ip: '10.8.0.1' },
      // The year-less line is resolved against timeUnixNano (2024), not against the wall clock.
      '@timestamp': '2024-05-01T10:00:00.000Z',
      labels: { service_name: 'sshd', log_file_name: 'auth.log' },
    });
    const gx = await found(vigie.base, 'user.name:otlp_globex', 1, 'globex');
    expect(gx.hits[0].doc.vigie.connector).toBe('linux-auth');
    expect((await deadLetters(vigie.base)).some((d) => d.doc.reason === 'log record has no body')).toBe(true);
  });

  it('gives bare records the time, severity and trace context of the log record and the resource host.name (an OpenTelemetry Collector envelope)', async () => {
    const collector = {
      resourceLogs: [
        {
          resource: {
            attributes: [
              attr('host.name', 'otel-kv-01'),
              attr('service.name', 'billing'),
              attr('vigie.source', 'kv'),
            ],
          },
          scopeLogs: [
            {
              logRecords: [
                {
                  timeUnixNano: '1714557605250000000',
                  observedTimeUnixNano: '1714557606000000000',
                  body: { stringValue: 'user=otlp_kv_user action=logout' },
                  severityNumber: 17,
                  traceId: '5b8efff798038103d269b633813fc60c',
                  spanId: 'eee19b7ec3c1b174',
                  attributes: [attr('log.file.name', 'billing.log'), attr('deployment.environment', 'prod')],
                },
              ],
            },
          ],
        },
        {
          resource: { attributes: [attr('host.name', 'otel-json-02'), attr('vigie.source', 'json')] },
          scopeLogs: [
            {
              logRecords: [
                {
                  timeUnixNano: '0',
                  observedTimeUnixNano: '1714557607000000000',
                  body: { kvlistValue: { values: [attr('user', 'otlp_json_user'), attr('op', 'refund')] } },
                },
              ],
            },
          ],
        },
      ],
    };
    expect(
      await curl(['-H', 'Content-Type: application/json', '--data-binary', JSON.stringify(collector)]),
    ).toEqual([200, {}]);
    const kv = await found(vigie.base, 'kv.user:otlp_kv_user');
    expect(kv.hits[0].doc).toMatchObject({
      '@timestamp': '2024-05-01T10:00:05.250Z',
      host: { name: 'otel-kv-01' },
      labels: { service_name: 'billing', log_file_name: 'billing.log', deployment_environment: 'prod' },
      log: { level: 'error' },
      trace: { id: '5b8efff798038103d269b633813fc60c' },
      span: { id: 'eee19b7ec3c1b174' },
      vigie: { connector: 'kv', transport: { type: 'otlp', host: 'otel-kv-01' } },
    });
    // timeUnixNano 0 means unknown: the collector's observed time is used.
    const json = await found(vigie.base, 'user:otlp_json_user');
    expect(json.hits[0].doc).toMatchObject({
      '@timestamp': '2024-05-01T10:00:07.000Z',
      host: { name: 'otel-json-02' },
      vigie: { connector: 'json', transport: { type: 'otlp', host: 'otel-json-02' } },
    });
  });

  it('answers {} to a clean request, 415 to protobuf, 400 to what is not OTLP JSON', async () => {
    const clean = {
      resourceLogs: [
        { scopeLogs: [{ logRecords: [{ body: { kvlistValue: { values: [attr('msg', 'hello')] } } }] }] },
      ],
    };
    expect(
      await curl(['-H', 'Content-Type: application/json', '--data-binary', JSON.stringify(clean)]),
    ).toEqual([200, {}]);
    writeFileSync(join(work, 'logs.pb'), Buffer.from([0x0a, 0x00]));
    const [s415, b415] = await curl([
      '-H',
      'Content-Type: application/x-protobuf',
      '--data-binary',
      `@${join(work, 'logs.pb')}`,
    ]);
    expect(s415).toBe(415);
    expect(String(b415.message)).toMatch(/JSON encoding only.*encoding: json/);
    const [s400, b400] = await curl([
      '-H',
      'Content-Type: application/json',
      '--data-binary',
      '{"resourceLogs": {}}',
    ]);
    expect([s400, b400.code]).toEqual([400, 3]);
  });
});
