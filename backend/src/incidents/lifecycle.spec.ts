import { describe, expect, it } from 'vitest';
import { makeAlert } from '../../test/incidents/alert-factory.js';
import { newIncident } from './grouping.js';
import type { Incident, VerdictValue } from './incident.model.js';
import { DEFAULT_INCIDENT_SETTINGS } from './incident-settings.js';
import { applyTransition, TRANSITIONS } from './lifecycle.js';

const created = new Date('2025-03-10T10:05:00.000Z');
const fresh = (): Incident =>
  newIncident(
    'inc_1',
    'acme',
    makeAlert({ entities: { hosts: ['web01'] } }),
    DEFAULT_INCIDENT_SETTINGS,
    created,
  );

function step(
  inc: Incident,
  to: Incident['status'],
  extra: { verdict?: VerdictValue; reason?: string } = {},
  at = '2025-03-10T11:00:00.000Z',
) {
  const out = applyTransition(inc, { to, actor: 'alice', at, ...extra });
  if (!out.ok) throw new Error(out.reason);
  return out.incident;
}

describe('incident lifecycle', () => {
  it('walks new → acknowledged → in_progress → resolved → closed, timestamping every transition', () => {
    let inc = fresh();
    inc = step(inc, 'acknowledged', {}, '2025-03-10T10:10:00.000Z');
    inc = step(inc, 'in_progress', {}, '2025-03-10T10:20:00.000Z');
    inc = step(inc, 'resolved', { verdict: 'true_positive' }, '2025-03-10T12:00:00.000Z');
    inc = step(inc, 'closed', {}, '2025-03-10T13:00:00.000Z');
    expect(inc.status).toBe('closed');
    expect(inc.timestamps).toEqual({
      new_at: created.toISOString(),
      acknowledged_at: '2025-03-10T10:10:00.000Z',
      in_progress_at: '2025-03-10T10:20:00.000Z',
      resolved_at: '2025-03-10T12:00:00.000Z',
      closed_at: '2025-03-10T13:00:00.000Z',
      reopened_at: null,
    });
    expect(inc.transitions.map((t) => `${t.from}>${t.to}`)).toEqual([
      'new>acknowledged',
      'acknowledged>in_progress',
      'in_progress>resolved',
      'resolved>closed',
    ]);
    // Closing a resolved incident keeps the verdict given at resolution.
    expect(inc.verdict).toEqual({
      value: 'true_positive',
      reason: null,
      by: 'alice',
      at: '2025-03-10T12:00:00.000Z',
    });
  });

  it('refuses transitions outside the table and names the allowed ones', () => {
    const out = applyTransition(fresh(), { to: 'in_progress', actor: 'a', at: '2025-03-10T11:00:00.000Z' });
    expect(out).toEqual({
      ok: false,
      reason: 'cannot go from new to in_progress (allowed from new: acknowledged, closed)',
    });
    expect(
      applyTransition(fresh(), { to: 'resolved', verdict: 'true_positive', actor: 'a', at: 'x' }).ok,
    ).toBe(false);
    expect(applyTransition(fresh(), { to: 'new', actor: 'a', at: 'x' }).ok).toBe(false);
    for (const [from, tos] of Object.entries(TRANSITIONS)) expect(tos).not.toContain(from);
  });

  it('requires a verdict to resolve or close, and a reason for a false positive', () => {
    const ack = step(fresh(), 'acknowledged');
    expect(applyTransition(ack, { to: 'closed', actor: 'a', at: 'x' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('verdict'),
    });
    expect(applyTransition(ack, { to: 'resolved', verdict: 'false_positive', actor: 'a', at: 'x' })).toEqual({
      ok: false,
      reason: 'a false_positive verdict requires a reason',
    });
    expect(
      applyTransition(ack, { to: 'resolved', verdict: 'false_positive', reason: '   ', actor: 'a', at: 'x' })
        .ok,
    ).toBe(false);
    const fp = step(ack, 'closed', { verdict: 'false_positive', reason: 'scheduled vulnerability scan' });
    expect(fp.verdict).toMatchObject({
      value: 'false_positive',
      reason: 'scheduled vulnerability scan',
      by: 'alice',
    });
    const btp = step(ack, 'resolved', { verdict: 'benign_true_positive' });
    expect(btp.verdict?.value).toBe('benign_true_positive');
    expect(
      applyTransition(ack, { to: 'in_progress', verdict: 'true_positive', actor: 'a', at: 'x' }).ok,
    ).toBe(false);
  });

  it('closing straight from new records the acknowledgement time too', () => {
    const inc = step(
      fresh(),
      'closed',
      { verdict: 'false_positive', reason: 'test host' },
      '2025-03-10T10:30:00.000Z',
    );
    expect(inc.timestamps.acknowledged_at).toBe('2025-03-10T10:30:00.000Z');
    expect(inc.timestamps.closed_at).toBe('2025-03-10T10:30:00.000Z');
  });

  it('reopening clears the verdict, keeps the first acknowledgement and records the reopening', () => {
    let inc = step(fresh(), 'acknowledged', {}, '2025-03-10T10:10:00.000Z');
    inc = step(inc, 'closed', { verdict: 'true_positive' }, '2025-03-10T11:00:00.000Z');
    const out = applyTransition(inc, { to: 'in_progress', actor: 'bob', at: '2025-03-11T09:00:00.000Z' });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.incident.verdict).toBeNull();
    expect(out.incident.timestamps).toMatchObject({
      acknowledged_at: '2025-03-10T10:10:00.000Z',
      reopened_at: '2025-03-11T09:00:00.000Z',
    });
    expect(out.changes).toContainEqual({ field: 'verdict', before: 'true_positive', after: null });
    // The input is left untouched (pure function).
    expect(inc.status).toBe('closed');
  });
});
