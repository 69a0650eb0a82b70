/**
 * Adds context to one parsed event, in place:
 *  - `vigie.asset: {criticality, owner, zone, tags}` for `host.name` (case-insensitive; an FQDN also matches its
 *    short name) from the tenant's asset inventory;
 *  - `vigie.identity: {department, title, privileged, manager}` for `user.name` (`DOMAIN\user`, `user@domain`
 *    and `user` are one user; `source.user.name` — proxies — when there is no `user.name`) from the identity
 *    directory;
 *  - `source|destination.geo.{country_iso_code,country_name}` and `source|destination.as.{number,organization.name}`
 *    (ECS) for public IP addresses, from the offline database; fields a connector already set are kept.
 */
import type { VigieEvent } from '../events/event.model.js';
import type { DirectoryIndex } from './directory.cache.js';
import type { IpIntel } from './geoip/geoip.database.js';

export interface IpLookup {
  lookup(ip: string): IpIntel | undefined;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;

function enrichEndpoint(
  doc: Obj,
  side: 'source' | 'destination',
  geo: IpLookup,
  memo: Map<string, IpIntel | null>,
): void {
  const ep = obj(doc[side]);
  const ip = ep && str(ep.ip);
  if (!ep || !ip || (ep.geo && ep.as)) return;
  let intel = memo.get(ip);
  if (intel === undefined) {
    intel = geo.lookup(ip) ?? null;
    if (memo.size > 100_000) memo.clear();
    memo.set(ip, intel);
  }
  if (!intel) return;
  if (intel.geo && !ep.geo) ep.geo = { ...intel.geo };
  if (intel.as && !ep.as)
    ep.as = intel.as.organization
      ? { number: intel.as.number, organization: { ...intel.as.organization } }
      : { number: intel.as.number };
}

export class EventEnricher {
  private readonly ipMemo = new Map<string, IpIntel | null>();

  constructor(private readonly geo?: IpLookup) {}

  enrich(event: VigieEvent, dir: DirectoryIndex): void {
    const doc = event as unknown as Obj;
    const vigie = (obj(doc.vigie) ?? (doc.vigie = {})) as Obj;
    const host = str(obj(doc.host)?.name);
    if (host) {
      const a = dir.asset(host);
      if (a) {
        const asset: Obj = { criticality: a.criticality };
        if (a.owner) asset.owner = a.owner;
        if (a.zone) asset.zone = a.zone;
        if (a.tags?.length) asset.tags = [...a.tags];
        vigie.asset = asset;
      }
    }
    const user = str(obj(doc.user)?.name) ?? str(obj(obj(doc.source)?.user)?.name);
    if (user) {
      const i = dir.identity(user);
      if (i) {
        const identity: Obj = { privileged: i.privileged };
        if (i.department) identity.department = i.department;
        if (i.title) identity.title = i.title;
        if (i.manager) identity.manager = i.manager;
        vigie.identity = identity;
      }
    }
    if (this.geo) {
      enrichEndpoint(doc, 'source', this.geo, this.ipMemo);
      enrichEndpoint(doc, 'destination', this.geo, this.ipMemo);
    }
  }
}
