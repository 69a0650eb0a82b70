import { z } from 'zod';
import type { Severity } from '../detection/alert.model.js';
import type { StoragePort } from '../storage/storage.port.js';

/** Entity kinds alerts can be grouped by (the keys of `Alert.entities`). */
export const ENTITY_KINDS = [
  'hosts',
  'users',
  'source_ips',
  'destination_ips',
  'processes',
  'file_hashes',
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

const slaTarget = z.object({
  acknowledge_minutes: z.number().int().min(1),
  resolve_minutes: z.number().int().min(1),
});

/** A tenant's incident settings (document `incidents.settings` of the `config` collection). */
export const incidentSettingsSchema = z.object({
  /** Alerts sharing one of these entities within `window_minutes` join the same incident. */
  group_by: z.array(z.enum(ENTITY_KINDS)).min(1).default(['hosts', 'users', 'source_ips']),
  window_minutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 90)
    .default(24 * 60),
  /**
   * ATT&CK progression: on the same host or user, an alert of a later tactic than the incident's latest joins it
   * even after `window_minutes`, up to this many minutes after the incident's last event (0 disables).
   */
  progression_window_minutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 90)
    .default(7 * 24 * 60),
  /** SLA targets per severity. */
  sla: z
    .object({
      critical: slaTarget,
      high: slaTarget,
      medium: slaTarget,
      low: slaTarget,
      informational: slaTarget,
    })
    .default({
      critical: { acknowledge_minutes: 15, resolve_minutes: 4 * 60 },
      high: { acknowledge_minutes: 60, resolve_minutes: 24 * 60 },
      medium: { acknowledge_minutes: 4 * 60, resolve_minutes: 3 * 24 * 60 },
      low: { acknowledge_minutes: 24 * 60, resolve_minutes: 7 * 24 * 60 },
      informational: { acknowledge_minutes: 3 * 24 * 60, resolve_minutes: 30 * 24 * 60 },
    }),
});

export type IncidentSettings = z.infer<typeof incidentSettingsSchema>;
export type SlaTargets = Record<Severity, { acknowledge_minutes: number; resolve_minutes: number }>;

export const DEFAULT_INCIDENT_SETTINGS: IncidentSettings = incidentSettingsSchema.parse({});
export const SETTINGS_DOC_ID = 'incidents.settings';

/** Settings of a tenant, defaults for what it has not set. A stored document that no longer validates falls back to the defaults. */
export async function loadIncidentSettings(
  storage: StoragePort,
  tenant: string,
): Promise<{ settings: IncidentSettings; version: string | null }> {
  const stored = await storage.getDocument(tenant, 'config', SETTINGS_DOC_ID);
  if (!stored) return { settings: DEFAULT_INCIDENT_SETTINGS, version: null };
  const parsed = incidentSettingsSchema.safeParse(stored.doc);
  return { settings: parsed.success ? parsed.data : DEFAULT_INCIDENT_SETTINGS, version: stored.version };
}
