/** Alert queries (API and CLI): filters compiled to the storage port's KQL over the `alerts` collection. */
import { ErrorCode, VigieError } from '../common/errors.js';
import type { StoragePort } from '../storage/storage.port.js';
import type { Alert, DetectionType, Severity } from './alert.model.js';

export interface AlertFilter {
  severity?: Severity[];
  rule?: string;
  type?: DetectionType;
  /** Inclusive lower bound on `detected_at`. */
  since?: string;
  /** Exclusive upper bound on `detected_at`. */
  until?: string;
  /** Any entity value (host, user, IP, process, file hash). */
  entity?: string;
  size?: number;
  cursor?: string;
}

export interface AlertPage {
  items: Alert[];
  total: number;
  cursor?: string;
}

const q = (v: string) => `"${v.replace(/["\\]/g, '\\$&')}"`;

export function alertKql(f: AlertFilter): string {
  const parts: string[] = [];
  if (f.severity?.length) parts.push(`severity:(${f.severity.map(q).join(' OR ')})`);
  if (f.rule) parts.push(`rule.id:${q(f.rule)}`);
  if (f.type) parts.push(`rule.type:${q(f.type)}`);
  if (f.since) parts.push(`detected_at >= ${q(new Date(f.since).toISOString())}`);
  if (f.until) parts.push(`detected_at < ${q(new Date(f.until).toISOString())}`);
  if (f.entity) {
    const v = q(f.entity);
    parts.push(
      `(${['hosts', 'users', 'source_ips', 'destination_ips', 'processes', 'file_hashes'].map((k) => `entities.${k}:${v}`).join(' OR ')})`,
    );
  }
  return parts.join(' AND ');
}

export class AlertsService {
  constructor(private readonly storage: StoragePort) {}

  async list(tenant: string, f: AlertFilter): Promise<AlertPage> {
    const page = await this.storage.listDocuments<Alert>(tenant, 'alerts', {
      kql: alertKql(f),
      sortBy: 'detected_at',
      order: 'desc',
      size: f.size ?? 50,
      cursor: f.cursor,
    });
    return { items: page.items.map((i) => i.doc), total: page.total, cursor: page.cursor };
  }

  async get(tenant: string, id: string): Promise<Alert> {
    const d = await this.storage.getDocument<Alert>(tenant, 'alerts', id);
    if (!d) throw new VigieError(ErrorCode.NotFound, `no alert "${id}" for tenant ${tenant}`);
    return d.doc;
  }
}
