import { z } from 'zod';

export const TENANT_PATTERN = /^[a-z0-9][a-z0-9_]{0,62}$/;
export const tenantSchema = z
  .string()
  .regex(TENANT_PATTERN, 'a tenant id is 1-63 characters of a-z, 0-9 and _, starting with a letter or digit');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every environment variable Vigie reads, with defaults. Secrets are marked so logs never print them. */
export const configSchema = z.object({
  ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  STORAGE: z.enum(['embedded', 'elasticsearch']).default('embedded'),
  ELASTICSEARCH_URL: z.string().url().optional(),
  ELASTICSEARCH_USERNAME: z.string().optional(),
  /** secret */
  ELASTICSEARCH_PASSWORD: z.string().optional(),
  /** secret */
  ELASTICSEARCH_API_KEY: z.string().optional(),
  ELASTICSEARCH_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.]*$/)
    .default('vigie'),
  REDIS_URL: z.string().url().optional(),
  QUEUE_PREFIX: z.string().min(1).default('vigie'),
  DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  TENANT: tenantSchema.default('default'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  INGEST_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(32 * 1024 * 1024),
  INGEST_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Ingest answers 429 when this many batches are waiting in the queue. */
  INGEST_MAX_QUEUED_BATCHES: z.coerce.number().int().min(1).default(10_000),
  FRONTEND_DIR: z.string().optional(),
  DEMO: bool.default(false),
});

export type VigieConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Validates the environment once; throws ConfigError listing every bad variable at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): VigieConfig {
  const input: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const config = parsed.data;
  if (config.STORAGE === 'elasticsearch' && !config.ELASTICSEARCH_URL) {
    throw new ConfigError(['ELASTICSEARCH_URL: required when STORAGE=elasticsearch']);
  }
  return config;
}
