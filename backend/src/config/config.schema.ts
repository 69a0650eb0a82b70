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
  INGEST_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(32 * 1024 * 1024),
  INGEST_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Ingest answers 429 when this many batches are waiting in the queue. */
  INGEST_MAX_QUEUED_BATCHES: z.coerce.number().int().min(1).default(10_000),
  FRONTEND_DIR: z.string().optional(),
  // Ingest transports (see src/ingest/transports/README.md).
  /** Syslog listeners (roles all/api), each enabled by its port. */
  SYSLOG_UDP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SYSLOG_TCP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SYSLOG_TLS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Bind address of the syslog listeners (default: HOST). */
  SYSLOG_HOST: z.string().optional(),
  /** PEM files of the RFC 5425 listener. */
  SYSLOG_TLS_CERT: z.string().optional(),
  SYSLOG_TLS_KEY: z.string().optional(),
  /** Connector id for syslog records (`auto`: detect per record); per-listener overrides below. */
  SYSLOG_SOURCE: z.string().default('auto'),
  SYSLOG_UDP_SOURCE: z.string().optional(),
  SYSLOG_TCP_SOURCE: z.string().optional(),
  SYSLOG_TLS_SOURCE: z.string().optional(),
  SYSLOG_TENANT: tenantSchema.optional(),
  SYSLOG_MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(256)
    .max(16 * 1024 * 1024)
    .default(64 * 1024),
  SYSLOG_FLUSH_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  /** secret: Splunk HEC tokens, JSON `{"<token>":{"tenant":"acme","source":"auto"}}` or `token=tenant:source,…`. */
  HEC_TOKENS: z.string().optional(),
  /** Extra Splunk sourcetype → connector id mappings, JSON or `sourcetype=connector,…`. */
  HEC_SOURCETYPES: z.string().optional(),
  /** Elasticsearch-compatible `_bulk` API (Beats, Fluent Bit, Logstash). */
  ES_COMPAT: bool.default(true),
  ES_COMPAT_VERSION: z
    .string()
    .regex(/^8\.\d+\.\d+$/)
    .default('8.17.0'),
  ES_COMPAT_TENANT: tenantSchema.optional(),
  ES_COMPAT_SOURCE: z.string().default('auto'),
  /** OTLP/HTTP JSON logs at POST /v1/logs. */
  OTLP_ENABLED: bool.default(true),
  OTLP_TENANT: tenantSchema.optional(),
  OTLP_SOURCE: z.string().default('auto'),
  DEMO: bool.default(false),
  /** Enrichment: offline GeoIP/ASN of public IPs (source/destination .geo and .as). */
  ENRICHMENT_GEOIP: bool.default(true),
  /** Enrichment: how long a worker reuses a tenant's asset/identity directories before checking their revision. */
  ENRICHMENT_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
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
