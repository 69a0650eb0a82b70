import { describe, expect, it } from 'vitest';
import type { IncidentTimestamps } from './incident.model.js';
import { DEFAULT_INCIDENT_SETTINGS } from './incident-settings.js';
import { computeSla } from './sla.js';

const ts = (over: Partial<IncidentTimestamps> = {}): IncidentTimestamps => ({
  new_at: '2025-03-10T10:00:00.000Z',
  acknowledged_at: null,
  in_progress_at: null,
  resolved_at: null,
  closed_at: null,
  reopened_at: null,
  ...over,
});
const targets = DEFAULT_INCIDENT_SETTINGS.sla;
const base = { severity: 'critical' as const, created_at: '2025-03-10T10:00:00.000Z' };

describe('SLA', () => {
  it('computes due times from creation and the targets of the severity', () => {
    const s = computeSla({ ...base, timestamps: ts() }, targets, new Date('2025-03-10T10:05:00.000Z'));
    expect(s).toMatchObject({
      acknowledge_minutes: 15,
      resolve_minutes: 240,
      acknowledge_due: '2025-03-10T10:15:00.000Z',
      resolve_due: '2025-03-10T14:00:00.000Z',
      acknowledge_breached: false,
      resolve_breached: false,
    });
    const high = computeSla(
      { ...base, severity: 'high', timestamps: ts() },
      targets,
      new Date('2025-03-10T10:05:00.000Z'),
    );
    expect(high.acknowledge_due).toBe('2025-03-10T11:00:00.000Z');
  });

  it('breaches acknowledgement while unacknowledged past the due time, and not once acknowledged in time', () => {
    const late = new Date('2025-03-10T10:16:00.000Z');
    expect(computeSla({ ...base, timestamps: ts() }, targets, late).acknowledge_breached).toBe(true);
    expect(
      computeSla({ ...base, timestamps: ts({ acknowledged_at: '2025-03-10T10:14:59.000Z' }) }, targets, late)
        .acknowledge_breached,
    ).toBe(false);
    expect(
      computeSla({ ...base, timestamps: ts({ acknowledged_at: '2025-03-10T10:15:01.000Z' }) }, targets, late)
        .acknowledge_breached,
    ).toBe(true);
  });

  it('uses the first of resolved/closed for resolution, and restarts after a reopening', () => {
    const much = new Date('2025-03-12T00:00:00.000Z');
    const inTime = ts({
      acknowledged_at: '2025-03-10T10:01:00.000Z',
      resolved_at: '2025-03-10T13:00:00.000Z',
      closed_at: '2025-03-10T15:00:00.000Z',
    });
    expect(computeSla({ ...base, timestamps: inTime }, targets, much).resolve_breached).toBe(false);
    const closedLate = ts({
      acknowledged_at: '2025-03-10T10:01:00.000Z',
      closed_at: '2025-03-10T14:00:01.000Z',
    });
    expect(computeSla({ ...base, timestamps: closedLate }, targets, much).resolve_breached).toBe(true);
    const reopened = ts({
      acknowledged_at: '2025-03-10T10:01:00.000Z',
      closed_at: '2025-03-10T11:00:00.000Z',
      reopened_at: '2025-03-10T12:00:00.000Z',
    });
    expect(
      computeSla({ ...base, timestamps: reopened }, targets, new Date('2025-03-10T13:00:00.000Z'))
        .resolve_breached,
    ).toBe(false);
    expect(computeSla({ ...base, timestamps: reopened }, targets, much).resolve_breached).toBe(true);
  });
});
