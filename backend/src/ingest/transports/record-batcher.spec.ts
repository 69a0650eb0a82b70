import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ErrorCode, VigieError } from '../../common/errors.js';
import type { IngestRecordsCommand, IngestResult } from '../ingest.service.js';
import { RecordBatcher } from './record-batcher.js';
import { TransportStats } from './transport-stats.js';

const silent = pino({ level: 'silent' });

/** Records what ingest received; refuses (back-pressure) while `busy` is set. */
function sink() {
  const calls: IngestRecordsCommand[] = [];
  const state = { busy: false };
  const fn = async (cmd: IngestRecordsCommand): Promise<IngestResult> => {
    if (state.busy) throw new VigieError(ErrorCode.Backpressure, 'ingest queue is full');
    calls.push(structuredClone(cmd));
    return {
      accepted: cmd.records.length,
      rejected: cmd.rejected?.length ?? 0,
      batches: 1,
      delivery_id: cmd.deliveryId ?? '',
      rejects: [],
    };
  };
  return { calls, state, fn };
}

const target = { tenant: 'acme', source: 'auto' };

describe('RecordBatcher', () => {
  it('flushes on size, numbering records in arrival order and rejects after them', async () => {
    const s = sink();
    const b = new RecordBatcher(
      s.fn,
      target,
      { maxRecords: 3, flushMs: 10_000, maxPending: 100 },
      new TransportStats().of('t'),
      silent,
    );
    b.reject('bad', 'too long');
    b.add('a');
    b.add('b');
    b.add('c');
    await b.flush();
    expect(s.calls).toHaveLength(1);
    expect(s.calls[0]).toMatchObject({
      tenant: 'acme',
      source: 'auto',
      records: [
        { position: 0, record: 'a' },
        { position: 1, record: 'b' },
        { position: 2, record: 'c' },
      ],
      rejected: [{ position: 3, raw: 'bad', reason: 'too long' }],
    });
    expect(s.calls[0].deliveryId).toMatch(/^syslog-/);
    await b.close();
  });

  it('flushes on the timer', async () => {
    const s = sink();
    const b = new RecordBatcher(
      s.fn,
      target,
      { maxRecords: 1000, flushMs: 30, maxPending: 100 },
      new TransportStats().of('t'),
      silent,
    );
    b.add('x');
    expect(s.calls).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 120));
    expect(s.calls.map((c) => c.records.length)).toEqual([1]);
    await b.close();
  });

  it('keeps records while the queue is full, drops past the limit, and delivers once it drains', async () => {
    const s = sink();
    const counters = new TransportStats().of('t');
    const b = new RecordBatcher(
      s.fn,
      target,
      { maxRecords: 1000, flushMs: 10, maxPending: 3 },
      counters,
      silent,
    );
    s.state.busy = true;
    for (const r of ['1', '2', '3', '4', '5']) b.add(r);
    await b.flush();
    expect(b.pending).toBe(3);
    expect(counters.dropped).toBe(2);
    s.state.busy = false;
    await b.close();
    expect(s.calls.flatMap((c) => c.records.map((r) => r.record))).toEqual(['1', '2', '3']);
  });

  it('counts what a refused final flush loses', async () => {
    const s = sink();
    const counters = new TransportStats().of('t');
    const b = new RecordBatcher(
      s.fn,
      target,
      { maxRecords: 1000, flushMs: 10_000, maxPending: 10 },
      counters,
      silent,
    );
    b.add('1');
    s.state.busy = true;
    await b.close();
    expect(counters.dropped).toBe(1);
  });
});
