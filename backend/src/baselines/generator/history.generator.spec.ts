import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, HourlyFeatureBuilder, trainAutoencoder } from '../autoencoder/index.js';
import {
  ANOMALY_TYPES,
  frenchHolidays,
  generateHistory,
  parseGeneratedSpec,
  readHistoryDataset,
  writeHistoryDataset,
  type EcsDoc,
} from './index.js';

const SMALL = { seed: 42, days: 8, users: 40, servers: 5, testDays: 3 };

describe('benign history generator', () => {
  const history = generateHistory(SMALL);
  const events: EcsDoc[] = [...history.events()];

  it('streams ECS documents in time order with unique ids, logsource and tenant', () => {
    expect(events.length).toBeGreaterThan(10_000);
    const ids = new Set(events.map((e) => e.event.id));
    expect(ids.size).toBe(events.length);
    for (let i = 1; i < events.length; i++)
      expect(events[i]['@timestamp'] >= events[i - 1]['@timestamp']).toBe(true);
    for (const e of events) {
      expect(e.vigie.tenant).toBe('generated');
      expect(Object.keys(e.vigie.logsource).length).toBeGreaterThan(0);
    }
    const connectors = new Set(events.map((e) => e.vigie.connector));
    for (const c of [
      'aws-cloudtrail',
      'cisco-umbrella',
      'fortigate',
      'nginx-access',
      'squid',
      'sysmon',
      'windows-security',
      'windows-system',
    ])
      expect(connectors).toContain(c);
    expect(history.start).toBe('2024-05-06T00:00:00.000Z');
    expect(history.end).toBe('2024-05-14T00:00:00.000Z');
    expect(history.learningEnd).toBe('2024-05-11T00:00:00.000Z');
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = generateHistory(SMALL);
    const first = (g: ReturnType<typeof generateHistory>) => {
      const out: EcsDoc[] = [];
      for (const e of g.events()) if (out.push(e) >= 500) break;
      return out;
    };
    expect(first(again)).toEqual(events.slice(0, 500));
    expect(again.labels).toEqual(history.labels);
    expect(first(generateHistory({ ...SMALL, seed: 43 }))).not.toEqual(events.slice(0, 500));
  });

  it('has weekly seasonality: busy weekday working hours, quiet nights, weekends and holidays', () => {
    const injected = new Set(history.labels.flatMap((l) => l.eventIds));
    const userEvents = (pred: (d: Date) => boolean) =>
      events.filter(
        (e) =>
          !injected.has(e.event.id) &&
          (e.user as { name?: string } | undefined)?.name &&
          e.vigie.connector !== 'sysmon' &&
          pred(new Date(e['@timestamp'])),
      ).length;
    const weekdayWork = userEvents(
      (d) => d.getUTCDay() === 1 && d.getUTCHours() >= 10 && d.getUTCHours() < 12,
    );
    const weekdayNight = userEvents(
      (d) => d.getUTCDay() === 1 && d.getUTCHours() >= 1 && d.getUTCHours() < 3,
    );
    const saturday = userEvents((d) => d.getUTCDay() === 6 && d.getUTCHours() >= 10 && d.getUTCHours() < 12);
    const holiday = userEvents(
      (d) => d.toISOString().startsWith('2024-05-08') && d.getUTCHours() >= 10 && d.getUTCHours() < 12,
    );
    expect(weekdayWork).toBeGreaterThan(500);
    expect(weekdayNight).toBe(0);
    expect(saturday).toBeLessThan(weekdayWork / 10);
    expect(holiday).toBeLessThan(weekdayWork / 10);
    expect(frenchHolidays([2024])).toContain('2024-05-09'); // Ascension
  });

  it('labels every anomaly type in the test split with its events, technique and detectors', () => {
    expect(history.labels.map((l) => l.type).sort()).toEqual([...ANOMALY_TYPES].sort());
    const byId = new Map(events.map((e) => [e.event.id, e]));
    for (const l of history.labels) {
      expect(l.start >= history.learningEnd && l.end <= history.end, `${l.type} ${l.start}`).toBe(true);
      expect(l.technique).toMatch(/^T\d{4}(\.\d{3})?$/);
      expect(l.detectors.length).toBeGreaterThan(0);
      if (l.type === 'silent_source') continue;
      expect(l.eventIds.length, l.type).toBeGreaterThan(0);
      for (const id of l.eventIds) {
        const e = byId.get(id);
        expect(e, `${l.type} event ${id} in the stream`).toBeDefined();
        expect(e!['@timestamp'] >= l.start && e!['@timestamp'] < l.end).toBe(true);
      }
    }
    const spray = history.labels.find((l) => l.type === 'password_spray')!;
    const users = new Set(spray.eventIds.map((id) => (byId.get(id)!.user as { name: string }).name));
    expect(users.size).toBeGreaterThanOrEqual(25);
  });

  it('silences the chosen source during the window only', () => {
    const l = history.labels.find((x) => x.type === 'silent_source')!;
    const host = l.entity.value;
    const sysmon = events.filter(
      (e) => e.vigie.connector === 'sysmon' && (e.host as { name: string }).name === host,
    );
    expect(sysmon.filter((e) => e['@timestamp'] >= l.start && e['@timestamp'] < l.end)).toHaveLength(0);
    expect(sysmon.filter((e) => e['@timestamp'] < l.start).length).toBeGreaterThan(100);
  });

  it('injects anomalies benign activity never shows (new countries, first privileged calls, 2.5 GB uploads)', () => {
    const learning = events.filter((e) => e['@timestamp'] < history.learningEnd);
    const countries = new Set(
      learning
        .map((e) => (e.source as { geo?: { country_iso_code: string } } | undefined)?.geo?.country_iso_code)
        .filter(Boolean),
    );
    const byId = new Map(events.map((e) => [e.event.id, e]));
    const newCountry = history.labels.find((l) => l.type === 'new_country_asn')!;
    const c = (byId.get(newCountry.eventIds[0])!.source as { geo: { country_iso_code: string } }).geo
      .country_iso_code;
    expect(countries.has(c)).toBe(false);
    const actions = new Set(learning.map((e) => e.event.action));
    const priv = history.labels.find((l) => l.type === 'first_privileged_cloud_action')!;
    for (const id of priv.eventIds) expect(actions.has(byId.get(id)!.event.action as string)).toBe(false);
  });

  it('gives the autoencoder hourly vectors in which the exfiltration hour stands out', async () => {
    const b = new HourlyFeatureBuilder('user', { holidays: history.options.holidays });
    for (const e of events) b.add(e);
    const vectors = [...b.vectors({ from: history.start, to: history.end })];
    expect(vectors).toHaveLength(b.entities().length * SMALL.days * 24);
    const learning = vectors.filter((v) => v.hour < history.learningEnd);
    const model = await trainAutoencoder(learning, { epochs: 15, seed: 2 });
    const exfil = history.labels.find((l) => l.type === 'exfiltration_volume')!;
    const hour = vectors.find((v) => v.entity === exfil.entity.value && v.hour === exfil.start)!;
    const [s] = await model.score([hour]);
    expect(s.anomalous).toBe(true);
    expect(s.topFeatures.map((f) => f.feature)).toContain('bytes_out');
    expect(FEATURE_NAMES).toContain('bytes_out');
    model.dispose();
  }, 60_000);
});

describe('generated dataset files', () => {
  it('parses generated:<seed> specs and explains bad ones', () => {
    expect(parseGeneratedSpec('generated:7')).toEqual({ seed: 7 });
    expect(parseGeneratedSpec('generated:7?days=14&users=300&perType=2')).toEqual({
      seed: 7,
      days: 14,
      users: 300,
      anomaliesPerType: 2,
    });
    expect(parseGeneratedSpec('generated:x')).toMatch(/not a generated dataset spec/);
    expect(parseGeneratedSpec('generated:7?weeks=2')).toMatch(/unknown generated dataset option "weeks"/);
  });

  it('writes NDJSON per day plus labels.json and reads them back identically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-gen-'));
    try {
      const opts = { seed: 5, days: 3, users: 30, servers: 3, testDays: 1 };
      const labels = await writeHistoryDataset(dir, opts);
      expect(readdirSync(dir).sort()).toEqual([
        'events-2024-05-06.ndjson',
        'events-2024-05-07.ndjson',
        'events-2024-05-08.ndjson',
        'labels.json',
      ]);
      const ds = readHistoryDataset(dir);
      expect(ds.labels).toEqual(labels);
      const read: EcsDoc[] = [];
      for await (const e of ds.events()) read.push(e);
      expect(read).toEqual([...generateHistory(opts).events()]);
      expect(labels.events).toBe(read.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses options it cannot honour, with the reason', () => {
    expect(() => generateHistory({ seed: 1, users: 5 })).toThrow(/users must be ≥ 30/);
    expect(() => generateHistory({ seed: 1, days: 5, testDays: 5 })).toThrow(
      /testDays must be in \[1, days\)/,
    );
    expect(() => generateHistory({ seed: 1, anomalies: ['nope' as never] })).toThrow(
      /unknown anomaly types: nope/,
    );
  });
});
