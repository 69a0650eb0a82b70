/** zod schemas of the detection, alerts and hunting API (validation and the OpenAPI document). */
import { z } from 'zod';
import { tenantSchema } from '../config/config.schema.js';
import { SEVERITIES, type Severity } from './alert.model.js';

export const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date');
const severity = z.enum(SEVERITIES as unknown as [Severity, ...Severity[]]);

export const tenantQuery = z.object({ tenant: tenantSchema.optional() });

export const rulesQuery = tenantQuery.extend({
  enabled: z.enum(['true', 'false']).optional(),
  pack: z.string().optional(),
  type: z.enum(['signature', 'statistical', 'correlation']).optional(),
});

export const rulePatch = z
  .object({
    enabled: z.boolean().optional(),
    level: severity.nullable().optional(),
    risk_score: z.number().int().min(0).max(100).nullable().optional(),
  })
  .strict();

export const packPatch = z.object({ enabled: z.boolean() }).strict();

export const exceptionInput = z
  .object({
    field: z.string().min(1).max(200),
    values: z.array(z.string().min(1)).min(1).max(10_000),
    reason: z.string().min(1).max(2000),
    expires_at: isoDate.optional(),
  })
  .strict();

export const suppressionInput = z
  .object({
    group_by: z.array(z.string().min(1).max(200)).min(1).max(10),
    window: z.string().regex(/^\d+[smhdwMy]$/, 'a timespan like 10m, 1h, 1d'),
  })
  .strict();

export const dryRunInput = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    size: z.number().int().min(1).max(5000).optional(),
  })
  .strict();

export const packImport = z
  .object({
    files: z.array(z.object({ path: z.string().min(1), text: z.string() })).min(1),
    default_enabled: z.boolean().optional(),
    source: z.string().max(500).optional(),
  })
  .strict();

export const alertsQuery = tenantQuery.extend({
  severity: z.string().optional(),
  rule: z.string().optional(),
  type: z.enum(['signature', 'statistical', 'correlation']).optional(),
  since: isoDate.optional(),
  until: isoDate.optional(),
  entity: z.string().optional(),
  size: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().optional(),
});

export const huntInput = z
  .object({
    sigma: z.string().min(1).max(1_000_000).optional(),
    kql: z.string().max(10_000).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    size: z.number().int().min(1).max(1000).optional(),
    cursor: z.string().optional(),
  })
  .strict()
  .refine((h) => (h.sigma === undefined) !== (h.kql === undefined), 'exactly one of "sigma" or "kql"');

export const severityList = z.array(severity);
