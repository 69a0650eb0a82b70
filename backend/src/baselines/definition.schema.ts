/**
 * The schema of a baseline detector definition (`rules/baselines/*.yml`), validated with zod. A definition says
 * what the baseline is kept per (entity), what is measured (feature), how it is modelled (model), over which
 * learning window, when it alerts (threshold), which events feed it (filter), and the alert metadata (ATT&CK
 * tags, level, risk type). See rules/baselines/README.md.
 */
import { z } from 'zod';

const fieldList = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]));
const duration = z.string().regex(/^\d+(ms|s|m|h|d)$/, 'a duration like 10m, 1h, 30d');

export const MODEL_TYPES = [
  'rare',
  'hour_of_day',
  'bucket_threshold',
  'periodicity',
  'domain_name',
  'silence',
  'travel',
  'autoencoder',
] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

export const definitionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{2,80}$/, 'lower-case letters, digits and dashes'),
    title: z.string().min(5),
    description: z.string().min(10),
    detection: z.object({ type: z.literal('statistical') }),
    /** ECS field(s) the baseline is kept per; each entry may list fallbacks separated by `|`. Empty: one population-wide baseline. */
    entity: z
      .union([z.string(), z.array(z.string())])
      .transform((v) => (Array.isArray(v) ? v : v ? [v] : [])),
    feature: z.object({
      /** What is measured, in words (shown in the evidence). */
      name: z.string().min(3),
      /** ECS field(s) giving the measured value (fallbacks with `|`); their values are joined by ` → `. */
      field: fieldList.optional(),
      /** Lower-case the value (paths, names). */
      lowercase: z.boolean().default(true),
    }),
    model: z.object({
      type: z.enum(MODEL_TYPES),
      params: z.record(z.string(), z.unknown()).default({}),
    }),
    learning: z.object({
      window: duration,
      /** Observations of the entity needed before it is scored. */
      min_events: z.number().int().min(0).default(20),
    }),
    threshold: z.record(z.string(), z.union([z.number(), z.string()])).default({}),
    filter: z
      .object({
        logsource: z.record(z.string(), z.string()).optional(),
        selection: z.record(z.string(), z.unknown()).optional(),
        exclude: z.record(z.string(), z.unknown()).optional(),
      })
      .refine((f) => f.logsource || f.selection, 'a filter needs a logsource or a selection'),
    tags: z.array(z.string()).min(1),
    level: z.enum(['informational', 'low', 'medium', 'high', 'critical']),
    risk_type: z.string().min(2),
    enabled: z.boolean().default(true),
    /** Why a detector ships disabled (e.g. its evaluated precision). */
    disabled_reason: z.string().optional(),
  })
  .strict();

export type BaselineDefinition = z.infer<typeof definitionSchema>;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function durationMs(text: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!m) throw new Error(`bad duration "${text}"`);
  return Number(m[1]) * UNIT_MS[m[2]];
}
