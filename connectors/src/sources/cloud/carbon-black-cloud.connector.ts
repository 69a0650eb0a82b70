/**
 * VMware Carbon Black Cloud alerts (Alerts API v6 / data forwarder): CB_ANALYTICS, WATCHLIST, DEVICE_CONTROL,
 * CONTAINER_RUNTIME alerts with the device, its user and the threat-causing process.
 */
import type { EcsDocument, SigmaLogsource } from '../../connector.js';
import { setField } from '../../util/ecs.js';
import { jsonConnector } from './json-connector.js';
import {
  isObject,
  isoTime,
  num,
  relatedHash,
  relatedHost,
  relatedUser,
  splitDomainUser,
  str,
  type Json,
} from './json-record.js';

const LOGSOURCE: SigmaLogsource = { product: 'carbon_black', service: 'alert' };
const OS: Record<string, string> = { WINDOWS: 'windows', LINUX: 'linux', MAC: 'macos' };

function mapRecord(rec: Json): { doc: EcsDocument; logsource: SigmaLogsource } | string {
  const alertType = str(rec.type);
  if (!alertType || !str(rec.id) || !('device_id' in rec || 'org_key' in rec))
    return 'not a Carbon Black Cloud alert (no type/id/device_id)';
  const ts = isoTime(rec.create_time) ?? isoTime(rec.backend_timestamp);
  if (!ts) return `unreadable create_time ${JSON.stringify(rec.create_time)}`;
  const doc: EcsDocument = {};
  setField(doc, '@timestamp', ts);
  setField(doc, 'event.kind', 'alert');
  setField(doc, 'event.id', str(rec.id));
  setField(doc, 'event.severity', num(rec.severity));
  setField(doc, 'event.reason', str(rec.reason));
  setField(doc, 'event.start', isoTime(rec.first_event_time));
  setField(doc, 'event.end', isoTime(rec.last_event_time));

  const user = splitDomainUser(str(rec.device_username));
  setField(doc, 'user.name', user?.name);
  setField(doc, 'user.domain', user?.domain);
  relatedUser(doc, user?.name);
  const device = splitDomainUser(str(rec.device_name));
  setField(doc, 'host.name', device?.name);
  setField(doc, 'host.hostname', device?.name);
  setField(doc, 'host.domain', device?.domain);
  relatedHost(doc, device?.name, user?.domain);
  setField(doc, 'host.id', str(rec.device_id));
  setField(doc, 'host.os.type', OS[str(rec.device_os) ?? '']);
  setField(doc, 'host.os.version', str(rec.device_os_version));
  setField(doc, 'host.ip', [str(rec.device_internal_ip), str(rec.device_external_ip)].filter(Boolean));

  setField(doc, 'process.name', str(rec.process_name));
  setField(doc, 'process.executable', str(rec.process_path));
  setField(doc, 'process.entity_id', str(rec.process_guid));
  setField(doc, 'process.hash.sha256', str(rec.threat_cause_actor_sha256));
  relatedHash(doc, rec.threat_cause_actor_sha256);
  if (Array.isArray(rec.threat_indicators))
    for (const t of rec.threat_indicators) if (isObject(t)) relatedHash(doc, t.sha256);

  const cb: Json = {};
  for (const [k, v] of Object.entries(rec)) if (v !== null && v !== '') cb[k] = v;
  setField(doc, 'carbon_black_cloud.alert', cb);
  return { doc, logsource: LOGSOURCE };
}

export const carbonBlackCloudConnector = jsonConnector({
  id: 'carbon-black-cloud',
  name: 'Carbon Black Cloud alerts',
  vendor: 'VMware',
  product: 'Carbon Black Cloud',
  logsources: [LOGSOURCE],
  elasticFixtures: ['carbon_black_cloud/alert'],
  map: mapRecord,
  detect(text) {
    return text.includes('"org_key"') && /"(device_id|legacy_alert_id|threat_id)"/.test(text) ? 0.95 : 0;
  },
});
