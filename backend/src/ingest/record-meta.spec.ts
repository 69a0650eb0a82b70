import { describe, expect, it } from 'vitest';
import {
  applyRecordMeta,
  MAX_LABELS,
  normalizeRecordMeta,
  packRecordMetas,
  toLabels,
  type RecordMeta,
} from './record-meta.js';

describe('toLabels', () => {
  it('stringifies scalars, ignores nested values and nulls, replaces dots in keys, first key wins', () => {
    expect(
      toLabels({
        env: 'prod',
        'service.name': 'billing',
        port: 8443,
        tls: true,
        nan: Number.NaN,
        tags: ['a', 'b'],
        nested: { a: 1 },
        none: null,
      }),
    ).toEqual({ env: 'prod', service_name: 'billing', port: '8443', tls: 'true' });
    expect(toLabels({ 'service.name': 'resource' }, { service_name: 'record' })).toEqual({
      service_name: 'record',
    });
    expect(toLabels({ nested: {} })).toBeUndefined();
    expect(toLabels(undefined)).toBeUndefined();
  });

  it(`keeps at most ${MAX_LABELS} labels and drops oversized keys and values`, () => {
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, `v${i}`]));
    expect(Object.keys(toLabels(many)!)).toHaveLength(MAX_LABELS);
    expect(toLabels({ ['x'.repeat(200)]: 'v', big: 'y'.repeat(2000), ok: 'v' })).toEqual({ ok: 'v' });
  });
});

describe('normalizeRecordMeta', () => {
  it('keeps valid fields, canonicalises the time to UTC and drops each bad field on its own', () => {
    expect(
      normalizeRecordMeta({
        time: '2024-05-01T12:00:00+02:00',
        host: ' web01 ',
        source: '/var/log/auth.log',
        sourcetype: 'linux_secure',
        index: 'main',
        transport: 'hec',
        labels: { 'a.b': 'c' },
      }),
    ).toEqual({
      time: '2024-05-01T10:00:00.000Z',
      host: 'web01',
      source: '/var/log/auth.log',
      sourcetype: 'linux_secure',
      index: 'main',
      transport: 'hec',
      labels: { a_b: 'c' },
    });
    expect(
      normalizeRecordMeta({
        time: 'yesterday',
        host: 'h'.repeat(300),
        transport: 'carrier-pigeon',
        index: 'i',
      }),
    ).toEqual({ index: 'i' });
    expect(normalizeRecordMeta({ host: '', labels: { x: {} } })).toBeUndefined();
    expect(normalizeRecordMeta('web01')).toBeUndefined();
  });
});

describe('packRecordMetas', () => {
  it('is absent when no record has an envelope, so such payloads keep their old shape', () => {
    expect(packRecordMetas([{}, {}], new Map())).toBeUndefined();
    expect(packRecordMetas([{ meta: { host: '' } }], new Map())).toBeUndefined();
  });

  it('stores each shared envelope once and indexes it per record (-1 for none)', () => {
    const conn: RecordMeta = { transport: 'syslog', host: '10.0.0.5' };
    const other: RecordMeta = { transport: 'hec', time: '2024-05-01T10:00:00Z' };
    const packed = packRecordMetas([{ meta: conn }, {}, { meta: conn }, { meta: other }], new Map());
    expect(packed).toEqual({
      metas: [
        { transport: 'syslog', host: '10.0.0.5' },
        { transport: 'hec', time: '2024-05-01T10:00:00.000Z' },
      ],
      metaIndex: [0, -1, 0, 1],
    });
  });
});

describe('applyRecordMeta', () => {
  const meta: RecordMeta = {
    time: '2024-05-01T10:00:00.000Z',
    host: 'uf-07',
    source: '/var/log/app.log',
    sourcetype: 'kv',
    index: 'main',
    transport: 'hec',
    labels: { env: 'prod', dc: 'par1' },
  };

  it('fills what the record left empty and records the envelope under vigie.transport', () => {
    const doc: Record<string, unknown> = { vigie: { tenant: 't' } };
    applyRecordMeta(doc, meta, false);
    expect(doc).toEqual({
      '@timestamp': '2024-05-01T10:00:00.000Z',
      host: { name: 'uf-07' },
      labels: { env: 'prod', dc: 'par1' },
      vigie: {
        tenant: 't',
        transport: {
          type: 'hec',
          host: 'uf-07',
          source: '/var/log/app.log',
          sourcetype: 'kv',
          index: 'main',
        },
      },
    });
    const partial: Record<string, unknown> = { host: { ip: ['10.0.0.1'] } };
    applyRecordMeta(partial, { transport: 'otlp', host: 'otel01' }, true);
    expect(partial).toEqual({
      host: { ip: ['10.0.0.1'], name: 'otel01' },
      vigie: { transport: { type: 'otlp', host: 'otel01' } },
    });
  });

  it('never overwrites what the connector read from the record', () => {
    const doc: Record<string, unknown> = {
      '@timestamp': '2023-01-02T03:04:05.000Z',
      host: { name: 'web01' },
      labels: { env: 'staging' },
    };
    applyRecordMeta(doc, meta, true);
    expect(doc['@timestamp']).toBe('2023-01-02T03:04:05.000Z');
    expect(doc.host).toEqual({ name: 'web01' });
    expect(doc.labels).toEqual({ env: 'staging', dc: 'par1' });
    // A record that names its machine as host.hostname or as the observer (a firewall) keeps host.name empty.
    for (const named of [{ host: { hostname: 'web02' } }, { observer: { hostname: 'fw01' } }]) {
      const d: Record<string, unknown> = structuredClone(named);
      applyRecordMeta(d, meta, true);
      expect((d.host as { name?: string } | undefined)?.name).toBeUndefined();
      expect((d.vigie as { transport: { host: string } }).transport.host).toBe('uf-07');
    }
    // Values of other shapes are left alone.
    const odd: Record<string, unknown> = { host: 'a-string', labels: 'x' };
    applyRecordMeta(odd, meta, true);
    expect(odd).toMatchObject({ host: 'a-string', labels: 'x' });
  });

  it('fills log.level, trace.id and span.id from the OTLP envelope where the event has none', () => {
    const otlp: RecordMeta = {
      transport: 'otlp',
      level: 'error',
      trace_id: '5b8efff798038103d269b633813fc60c',
      span_id: 'eee19b7ec3c1b174',
    };
    const doc: Record<string, unknown> = { log: { logger: 'app' } };
    applyRecordMeta(doc, otlp, true);
    expect(doc).toMatchObject({
      log: { logger: 'app', level: 'error' },
      trace: { id: '5b8efff798038103d269b633813fc60c' },
      span: { id: 'eee19b7ec3c1b174' },
    });
    const own: Record<string, unknown> = { log: { level: 'info' }, trace: { id: 'abc' } };
    applyRecordMeta(own, otlp, true);
    expect(own).toMatchObject({ log: { level: 'info' }, trace: { id: 'abc' } });
    expect(normalizeRecordMeta({ ...otlp, trace_id: 'not-hex', span_id: 'EEE19B7EC3C1B174' })).toEqual({
      transport: 'otlp',
      level: 'error',
      span_id: 'eee19b7ec3c1b174',
    });
  });

  it('adds nothing under vigie when the envelope has only labels or a time', () => {
    const doc: Record<string, unknown> = {};
    applyRecordMeta(doc, { labels: { a: 'b' } }, true);
    expect(doc).toEqual({ labels: { a: 'b' } });
  });
});
