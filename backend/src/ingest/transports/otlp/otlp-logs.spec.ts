import { describe, expect, it } from 'vitest';
import { anyValue, parseOtlpLogs, unixNanoToIso } from './otlp-logs.parser.js';

const str = (s: string) => ({ stringValue: s });

describe('parseOtlpLogs', () => {
  it('walks resourceLogs → scopeLogs → logRecords, routing by resource attributes', () => {
    const r = parseOtlpLogs({
      resourceLogs: [
        {
          resource: {
            attributes: [
              { key: 'vigie.tenant', value: str('acme') },
              { key: 'vigie.source', value: str('linux-auth') },
            ],
          },
          scopeLogs: [
            {
              scope: { name: 'filelog' },
              logRecords: [
                {
                  timeUnixNano: '1714557600000000000',
                  severityText: 'INFO',
                  body: str('Accepted password for bob'),
                  attributes: [{ key: 'log.file.name', value: str('auth.log') }],
                },
              ],
            },
          ],
        },
        {
          scopeLogs: [
            {
              logRecords: [
                {
                  body: {
                    kvlistValue: {
                      values: [
                        { key: 'user', value: str('carol') },
                        { key: 'n', value: { intValue: '42' } },
                      ],
                    },
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.records).toHaveLength(2);
    expect(r.records[0]).toMatchObject({
      position: 0,
      tenant: 'acme',
      source: 'linux-auth',
      record: 'Accepted password for bob',
      timeUnixNano: '1714557600000000000',
      severityText: 'INFO',
      attributes: { 'log.file.name': 'auth.log' },
    });
    expect(r.records[1]).toMatchObject({ position: 1, tenant: undefined, record: { user: 'carol', n: 42 } });
  });

  it('rejects records without a usable body, with the reason', () => {
    const r = parseOtlpLogs({
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                {},
                { body: str('  ') },
                { body: { arrayValue: { values: [str('a')] } } },
                { body: { boolValue: true } },
              ],
            },
          ],
        },
      ],
    });
    expect(r.ok && r.records.map((x) => x.reject?.reason)).toEqual([
      'log record has no body',
      'log record body is empty, not text or a kvlist',
      'log record body is an array, not text or a kvlist',
      'log record body is a boolean, not text or a kvlist',
    ]);
  });

  it('builds each record envelope: time (else observed time), resource host.name, labels without dots', () => {
    const r = parseOtlpLogs({
      resourceLogs: [
        {
          resource: {
            attributes: [
              { key: 'host.name', value: str('otel-kv-01') },
              { key: 'service.name', value: str('billing') },
              { key: 'vigie.source', value: str('kv') },
              { key: 'os.type', value: str('linux') },
            ],
          },
          scopeLogs: [
            {
              logRecords: [
                {
                  timeUnixNano: '1714557605123456789',
                  observedTimeUnixNano: '1714557606000000000',
                  body: str('user=carol action=logout'),
                  attributes: [
                    { key: 'log.file.name', value: str('app.log') },
                    { key: 'http.status_code', value: { intValue: '503' } },
                    { key: 'retry', value: { boolValue: false } },
                    { key: 'tags', value: { arrayValue: { values: [str('a')] } } },
                  ],
                },
                {
                  timeUnixNano: '0',
                  observedTimeUnixNano: '1714557606000000000',
                  body: str('observed only'),
                },
                {
                  body: str('own service'),
                  attributes: [{ key: 'service.name', value: str('billing-worker') }],
                },
              ],
            },
          ],
        },
        { scopeLogs: [{ logRecords: [{ timeUnixNano: 'soon', body: str('no resource') }] }] },
      ],
    });
    expect(r.ok && r.records.map((x) => x.meta)).toEqual([
      {
        transport: 'otlp',
        time: '2024-05-01T10:00:05.123Z',
        host: 'otel-kv-01',
        labels: {
          log_file_name: 'app.log',
          http_status_code: '503',
          retry: 'false',
          service_name: 'billing',
        },
      },
      {
        transport: 'otlp',
        time: '2024-05-01T10:00:06.000Z',
        host: 'otel-kv-01',
        labels: { service_name: 'billing' },
      },
      { transport: 'otlp', host: 'otel-kv-01', labels: { service_name: 'billing-worker' } },
      { transport: 'otlp' },
    ]);
  });

  it('carries the severity (text, else the number range) and the trace context, not all-zero ids', () => {
    const r = parseOtlpLogs({
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                {
                  body: str('a'),
                  severityText: 'WARN',
                  severityNumber: 13,
                  traceId: '5B8EFFF798038103D269B633813FC60C',
                  spanId: 'EEE19B7EC3C1B174',
                },
                { body: str('b'), severityNumber: 17 },
                { body: str('c'), severityNumber: 99, traceId: '00000000000000000000000000000000' },
              ],
            },
          ],
        },
      ],
    });
    expect(r.ok && r.records.map((x) => x.meta)).toEqual([
      {
        transport: 'otlp',
        level: 'warn',
        trace_id: '5b8efff798038103d269b633813fc60c',
        span_id: 'eee19b7ec3c1b174',
      },
      { transport: 'otlp', level: 'error' },
      { transport: 'otlp' },
    ]);
  });

  it('converts unix nanoseconds to ISO without losing the millisecond', () => {
    expect(unixNanoToIso('1714557600000000000')).toBe('2024-05-01T10:00:00.000Z');
    expect(unixNanoToIso('1714557600999999999')).toBe('2024-05-01T10:00:00.999Z');
    expect(unixNanoToIso(1714557600000000000)).toBe('2024-05-01T10:00:00.000Z');
    expect(unixNanoToIso('0')).toBeUndefined();
    expect(unixNanoToIso('-1')).toBeUndefined();
    expect(unixNanoToIso('123456789012345678901')).toBeUndefined();
    expect(unixNanoToIso('1.7e18')).toBeUndefined();
    expect(unixNanoToIso(undefined)).toBeUndefined();
  });

  it('refuses what is not an ExportLogsServiceRequest and accepts an empty one', () => {
    expect(parseOtlpLogs([])).toMatchObject({ ok: false });
    expect(parseOtlpLogs({ resourceLogs: {} })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not an array/),
    });
    expect(parseOtlpLogs({})).toEqual({ ok: true, records: [] });
  });

  it('converts AnyValue variants', () => {
    expect(anyValue({ doubleValue: 1.5 })).toBe(1.5);
    expect(anyValue({ intValue: '9007199254740993' })).toBe('9007199254740993');
    expect(anyValue({ arrayValue: { values: [{ boolValue: false }, str('x')] } })).toEqual([false, 'x']);
    expect(anyValue({ bytesValue: 'AAE=' })).toBe('AAE=');
  });
});
