/**
 * Transport envelopes in the pipeline: the real app (DuckDB, in-process queue, every event stage) runs
 * `ProcessBatchUseCase` on `ingest.batch` payloads with and without envelopes. A record that says nothing about its
 * time or host takes them from its envelope; a record that does keeps its own; payloads enqueued before envelopes
 * existed still process; and the event id is the same formula with or without an envelope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventId } from '../../src/events/event.model.js';
import type { IngestBatch } from '../../src/ingest/ingest-batch.js';
import { ProcessBatchUseCase } from '../../src/pipeline/process-batch.use-case.js';
import { removeDir, search, startApp, type Running } from './support.js';

describe('transport envelopes in ProcessBatchUseCase', () => {
  let vigie: Running;
  let use: ProcessBatchUseCase;

  beforeAll(async () => {
    vigie = await startApp({});
    use = vigie.app.get(ProcessBatchUseCase);
  });
  afterAll(async () => {
    await vigie?.close();
    if (vigie) removeDir(vigie.dir);
  });

  const batch = (b: Omit<IngestBatch, 'tenant' | 'receivedAt'>): IngestBatch => ({
    tenant: 'acme',
    receivedAt: new Date().toISOString(),
    ...b,
  });

  async function one(q: string) {
    const r = await search(vigie.base, q);
    expect(r.total, q).toBe(1);
    return r.hits[0];
  }

  it('fills @timestamp, host.name, labels and vigie.transport of a record that carries none of them', async () => {
    const records = ['user=pipe_kv_user action=login outcome=ok', 'user=pipe_nometa action=login'];
    const outcome = await use.execute(
      batch({
        source: 'kv',
        records,
        positions: [0, 1],
        deliveryId: 'pipe-kv',
        metas: [
          {
            transport: 'hec',
            time: '2024-05-01T10:00:00.000Z',
            host: 'uf-07',
            source: '/var/log/app.log',
            sourcetype: 'kv',
            labels: { env: 'prod', datacenter: 'par1' },
          },
        ],
        metaIndex: [0, -1],
      }),
    );
    expect(outcome).toEqual({ stored: 2, skipped: 0, rejected: 0 });

    const withMeta = await one('kv.user:pipe_kv_user');
    expect(withMeta.doc).toMatchObject({
      '@timestamp': '2024-05-01T10:00:00.000Z',
      host: { name: 'uf-07' },
      labels: { env: 'prod', datacenter: 'par1' },
      vigie: {
        connector: 'kv',
        transport: { type: 'hec', host: 'uf-07', source: '/var/log/app.log', sourcetype: 'kv' },
      },
    });
    // The sender's time is the event's time, not when Vigie stored it.
    expect(Date.now() - Date.parse(withMeta.doc.event.ingested)).toBeLessThan(60_000);
    // The envelope is not part of the id: position and raw identify the record.
    expect(withMeta.id).toBe(eventId('acme', 'kv', records[0], 'pipe-kv:0'));

    const without = await one('kv.user:pipe_nometa');
    expect(without.doc.host).toBeUndefined();
    expect(without.doc.labels).toBeUndefined();
    expect(without.doc.vigie.transport).toBeUndefined();
    expect(Date.now() - Date.parse(without.doc['@timestamp'])).toBeLessThan(60_000);
    expect(without.id).toBe(eventId('acme', 'kv', records[1], 'pipe-kv:1'));
  });

  it('keeps what the record says, resolving a year-less syslog timestamp against the sender’s time', async () => {
    const line = (user: string) =>
      `Dec 31 23:59:59 web01 sshd[1]: Accepted password for ${user} from 10.0.0.1 port 1 ssh2`;
    await use.execute(
      batch({
        source: 'linux-auth',
        records: [line('pipe_year'), line('pipe_year_nometa')],
        positions: [0, 1],
        deliveryId: 'pipe-syslog',
        metas: [{ transport: 'hec', time: '2025-01-01T00:00:05.000Z', host: 'relay-01' }],
        metaIndex: [0, -1],
      }),
    );
    const own = await one('user.name:pipe_year');
    expect(own.doc).toMatchObject({
      '@timestamp': '2024-12-31T23:59:59.000Z',
      host: { name: 'web01' },
      vigie: { transport: { type: 'hec', host: 'relay-01' } },
    });
    // Without an envelope the year comes from the wall clock (this test runs long after 2024).
    const wall = await one('user.name:pipe_year_nometa');
    expect(wall.doc['@timestamp']).not.toMatch(/^2024-/);
    expect(wall.doc.host).toEqual({ name: 'web01', hostname: 'web01' });
  });

  it('processes a payload enqueued before envelopes existed, with the same ids as always', async () => {
    const raw = 'user=pipe_old action=login';
    const old = { tenant: 'acme', source: 'kv', records: [raw], positions: [0], deliveryId: 'pipe-old' };
    const outcome = await use.execute({ ...old, receivedAt: new Date().toISOString() } as IngestBatch);
    expect(outcome.stored).toBe(1);
    const hit = await one('kv.user:pipe_old');
    expect(hit.id).toBe(eventId('acme', 'kv', raw, 'pipe-old:0'));
    expect(hit.doc.vigie.transport).toBeUndefined();
  });
});
