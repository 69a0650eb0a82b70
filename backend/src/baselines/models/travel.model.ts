/**
 * Impossible travel: two authentications of one user from countries whose centroids are further apart than
 * `max_speed_kmh` allows in the time between them (and at least `min_distance_km` apart). The country comes from
 * the offline GeoIP enrichment (`source.geo.country_iso_code`); positions are approximate country centroids.
 * State: per user the latest (time, country, ip). One alert per user and pair of logons.
 */
import { checkNumbers, evidenceBase, mergeParams, round, type BaselineModel } from '../model.js';
import { CENTROIDS } from './country-centroids.js';

export function distanceKm(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLon = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

export const travelModel: BaselineModel = {
  type: 'travel',
  validate(def) {
    if (!def.feature.field) return 'travel: feature.field (the country code) is required';
    return checkNumbers(def, ['max_speed_kmh', 'min_distance_km']);
  },
  params(def) {
    return mergeParams(def, { max_speed_kmh: 900, min_distance_km: 800 });
  },
  plan(d, c) {
    if (!c.value) return undefined;
    const country = c.value.toUpperCase();
    const here = CENTROIDS[country];
    if (!here) return undefined;
    const id = d.def.id;
    const ip = String((c.ev.doc as { source?: { ip?: unknown } }).source?.ip ?? '');
    return {
      ops: [{ t: 'hset', k: `${id}:last`, f: c.entity, v: JSON.stringify({ ms: c.ms, country, ip }) }],
      decide([prev]) {
        if (typeof prev !== 'string') return undefined;
        const p = JSON.parse(prev) as { ms: number; country: string; ip: string };
        const there = CENTROIDS[p.country];
        if (!there || p.country === country) return undefined;
        const km = distanceKm(there, here);
        const hours = Math.abs(c.ms - p.ms) / 3_600_000;
        const speed = km / Math.max(hours, 1 / 60);
        if (km < d.p.min_distance_km || speed <= d.p.max_speed_kmh) return undefined;
        const [a, b] = p.ms <= c.ms ? [p, { ms: c.ms, country, ip }] : [{ ms: c.ms, country, ip }, p];
        return {
          detector: id,
          key: `${c.entity}\u0000${a.ms}\u0000${b.ms}`,
          entity: c.entity,
          events: [c.ev],
          firstMs: a.ms,
          lastMs: b.ms,
          evidence: {
            ...evidenceBase(d, c.entity),
            observed: `${a.country} (${a.ip}) → ${b.country} (${b.ip}) in ${round(hours * 60, 0)} min: ${Math.round(speed)} km/h`,
            expected: `at most ${d.p.max_speed_kmh} km/h between logons`,
            baseline: `${Math.round(km)} km between country centroids in ${round(hours, 2)} h`,
            statistics: {
              distance_km: Math.round(km),
              hours: round(hours, 3),
              speed_kmh: Math.round(speed),
              from_country: a.country,
              to_country: b.country,
            },
            score: Math.min(100, Math.round(50 + 50 * Math.min(1, speed / (10 * d.p.max_speed_kmh)))),
            top_features: [
              {
                name: 'speed between logons (km/h)',
                value: Math.round(speed),
                contribution: round(speed / d.p.max_speed_kmh, 1),
              },
            ],
          },
        };
      },
    };
  },
};
