/**
 * The enricher on ECS events with the real offline GeoIP/ASN database and a real directory index; also measures
 * the per-event cost (printed; asserted against a generous bound so a regression by an order of magnitude fails).
 */
import { describe, expect, it } from 'vitest';
import type { VigieEvent } from '../events/event.model.js';
import { DirectoryIndex } from './directory.cache.js';
import { EventEnricher } from './event-enricher.js';
import { GeoIpDatabase } from './geoip/geoip.database.js';

const geo = new GeoIpDatabase();
const index = new DirectoryIndex(
  [
    { host: 'DC01.corp.example', criticality: 'critical', owner: 'it', zone: 'servers', tags: ['tier0'] },
    { host: 'web01', criticality: 'high', zone: 'dmz' },
    { host: 'db01.corp.example', criticality: 'high' },
    { host: 'db01', criticality: 'low' },
  ],
  [
    { user: 'CORP\\Alice', department: 'Finance', privileged: false, manager: 'carol' },
    { user: 'admin.joe@corp.example', department: 'IT', privileged: true, title: 'Admin' },
  ],
);
const ev = (doc: Record<string, unknown>) =>
  ({
    '@timestamp': '2026-05-04T10:00:00Z',
    event: {},
    vigie: { tenant: 't', connector: 'c', raw_size: 1 },
    ...doc,
  }) as unknown as VigieEvent;

describe('EventEnricher', () => {
  const enricher = new EventEnricher(geo);

  it('adds the asset of host.name, case-insensitively and by short name; an exact entry wins over a short name', () => {
    const a = ev({ host: { name: 'dc01' } });
    enricher.enrich(a, index);
    expect(a.vigie).toMatchObject({
      asset: { criticality: 'critical', owner: 'it', zone: 'servers', tags: ['tier0'] },
    });
    const b = ev({ host: { name: 'WEB01.corp.example' } });
    enricher.enrich(b, index);
    expect((b.vigie as unknown as Record<string, unknown>).asset).toEqual({
      criticality: 'high',
      zone: 'dmz',
    });
    const c = ev({ host: { name: 'db01' } });
    enricher.enrich(c, index);
    expect((c.vigie as unknown as Record<string, unknown>).asset).toEqual({ criticality: 'low' });
    const d = ev({ host: { name: 'unknown-host' } });
    enricher.enrich(d, index);
    expect((d.vigie as unknown as Record<string, unknown>).asset).toBeUndefined();
  });

  it('adds the identity of user.name in any of its forms, or of source.user.name (proxies)', () => {
    for (const name of ['alice', 'ALICE', 'CORP\\alice', 'alice@corp.example']) {
      const e = ev({ user: { name } });
      enricher.enrich(e, index);
      expect((e.vigie as unknown as Record<string, unknown>).identity, name).toEqual({
        department: 'Finance',
        privileged: false,
        manager: 'carol',
      });
    }
    const p = ev({ source: { ip: '10.0.0.1', user: { name: 'admin.joe' } } });
    enricher.enrich(p, index);
    expect((p.vigie as unknown as Record<string, unknown>).identity).toEqual({
      department: 'IT',
      privileged: true,
      title: 'Admin',
    });
  });

  it('adds ECS geo and as for public source/destination IPs, not for private ones, and keeps what a connector set', () => {
    const e = ev({ source: { ip: '8.8.8.8' }, destination: { ip: '10.1.1.1' } }) as unknown as Record<
      string,
      Record<string, unknown>
    >;
    enricher.enrich(e as unknown as VigieEvent, index);
    expect(e.source.geo).toEqual({ country_iso_code: 'US', country_name: 'United States' });
    expect(e.source.as).toEqual({ number: 15169, organization: { name: 'Google LLC' } });
    expect(e.destination.geo).toBeUndefined();
    const kept = ev({
      destination: { ip: '2606:4700:4700::1111', geo: { country_iso_code: 'ZZ' } },
    }) as unknown as Record<string, Record<string, unknown>>;
    enricher.enrich(kept as unknown as VigieEvent, index);
    expect(kept.destination.geo).toEqual({ country_iso_code: 'ZZ' });
    expect(kept.destination.as).toMatchObject({ number: 13335 });
  });

  it('costs a few microseconds per event', () => {
    const ips = Array.from(
      { length: 500 },
      (_, i) => `${(i % 200) + 20}.${(i * 7) % 256}.${(i * 13) % 256}.${i % 250}`,
    );
    const events = Array.from({ length: 20_000 }, (_, i) =>
      ev({
        host: { name: i % 3 ? 'dc01.corp.example' : `ws-${i % 40}` },
        user: { name: i % 2 ? 'CORP\\alice' : `u${i % 50}` },
        source: { ip: ips[i % ips.length] },
        destination: { ip: '10.0.0.5' },
      }),
    );
    enricher.enrich(events[0], index); // loads the IPv4 tables
    const t0 = performance.now();
    for (const e of events) enricher.enrich(e, index);
    const perEventUs = ((performance.now() - t0) * 1000) / events.length;
    console.info(
      `enrichment: ${perEventUs.toFixed(2)} µs/event (asset + identity + GeoIP/ASN, warm memo); IPv4 tables loaded in ${geo.loadMs.v4} ms`,
    );
    expect(perEventUs).toBeLessThan(50);
  });
});
