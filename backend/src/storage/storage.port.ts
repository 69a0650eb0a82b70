import type { SigmaRule } from 'sigma-ts';
import type { StoredEvent } from '../events/event.model.js';

/** Document collections beside events. Each is scoped to one tenant like everything else. */
export type Collection = 'alerts' | 'incidents' | 'config' | 'deadletter' | 'incidentkeys';
export const COLLECTIONS: readonly Collection[] = [
  'alerts',
  'incidents',
  'config',
  'deadletter',
  'incidentkeys',
];

export interface WriteResult {
  /** Events now stored (newly written or already present with the same id). */
  written: number;
  /** Events the store refused for a reason tied to the event itself (e.g. a mapping conflict). */
  failed: { id: string; reason: string }[];
}

export interface EventQuery {
  /** KQL subset (see storage/query/kql.parser.ts); empty or undefined matches everything. */
  kql?: string;
  /** Inclusive lower bound on `@timestamp` (ISO string). */
  from?: string;
  /** Exclusive upper bound on `@timestamp` (ISO string). */
  to?: string;
  size?: number;
  /** Opaque cursor returned by the previous page (`search_after`). */
  cursor?: string;
  /** Newest first by default. */
  order?: 'desc' | 'asc';
}

export interface EventPage {
  hits: StoredEvent[];
  /** Total matches (exact up to 10,000 on Elasticsearch, then a lower bound). */
  total: number;
  cursor?: string;
}

export interface HistogramQuery {
  kql?: string;
  from: string;
  to: string;
  /** Fixed interval in seconds. */
  intervalSeconds: number;
  /** Which time to bucket on: when the event happened (default) or when Vigie stored it (ingest rate). */
  timeField?: '@timestamp' | 'event.ingested';
}

export interface TopNQuery {
  kql?: string;
  from?: string;
  to?: string;
  field: string;
  size: number;
}

export interface StoredDocument<T = Record<string, unknown>> {
  id: string;
  /** Opaque version token for optimistic concurrency. */
  version: string;
  doc: T;
}

export interface DocumentQuery {
  kql?: string;
  size?: number;
  cursor?: string;
  /** A top-level or dotted field of the document to sort by (default: `id`). */
  sortBy?: string;
  order?: 'asc' | 'desc';
}

export interface StorageHealth {
  ok: boolean;
  adapter: 'duckdb' | 'elasticsearch';
  detail: string;
}

/**
 * The storage port. Every call is scoped to one tenant; reading across tenants is only possible through
 * `admin.searchEventsAllTenants`, an explicit operation for the MSSP operator.
 */
export interface StoragePort {
  readonly adapter: 'duckdb' | 'elasticsearch';
  init(): Promise<void>;
  close(): Promise<void>;
  health(): Promise<StorageHealth>;

  writeEvents(tenant: string, events: StoredEvent[]): Promise<WriteResult>;
  /** Makes every acknowledged write visible to searches (Elasticsearch refresh; a no-op for DuckDB). */
  refresh(): Promise<void>;
  searchEvents(tenant: string, query: EventQuery): Promise<EventPage>;
  countEvents(tenant: string, query: Omit<EventQuery, 'size' | 'cursor' | 'order'>): Promise<number>;
  /**
   * Hunting: the stored events a Sigma detection rule selects (its detection and logsource routing, converted by
   * sigma-ts to this store's query language on the ECS fields, case-insensitive), paged like `searchEvents`.
   * A rule the store cannot express throws a Validation error with the reason.
   */
  huntSigma(tenant: string, rule: SigmaRule, query: Omit<EventQuery, 'kql'>): Promise<EventPage>;
  histogram(tenant: string, query: HistogramQuery): Promise<{ start: string; count: number }[]>;
  topN(tenant: string, query: TopNQuery): Promise<{ value: string; count: number }[]>;

  /**
   * Creates or replaces a document. With `ifVersion` the write succeeds only if the stored version still
   * matches (a stale update throws a Conflict error and changes nothing); `ifVersion: null` means "must not
   * exist yet". A write is always readable at once by id; with `searchable: false` it may take up to a second to
   * appear in `listDocuments` (Elasticsearch then skips waiting for a refresh), for documents only read by id.
   */
  putDocument<T extends Record<string, unknown>>(
    tenant: string,
    collection: Collection,
    id: string,
    doc: T,
    options?: { ifVersion?: string | null; searchable?: boolean },
  ): Promise<StoredDocument<T>>;
  getDocument<T extends Record<string, unknown>>(
    tenant: string,
    collection: Collection,
    id: string,
  ): Promise<StoredDocument<T> | undefined>;
  listDocuments<T extends Record<string, unknown>>(
    tenant: string,
    collection: Collection,
    query?: DocumentQuery,
  ): Promise<{ items: StoredDocument<T>[]; total: number; cursor?: string }>;
  deleteDocument(tenant: string, collection: Collection, id: string): Promise<boolean>;

  /**
   * Lists tenants that have data. Platform-wide scopes (names starting with `_`, which no tenant id can, e.g. the
   * rule library `_library`) are not tenants and are not listed.
   */
  tenants(): Promise<string[]>;
  admin: {
    /** Explicit cross-tenant read for the MSSP operator; each hit names its tenant in `vigie.tenant`. */
    searchEventsAllTenants(query: EventQuery): Promise<EventPage>;
  };
}
