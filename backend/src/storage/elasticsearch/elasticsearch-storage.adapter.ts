import { Client, errors } from '@elastic/elasticsearch';
import { childLogger } from '../../common/logger.js';
import { ErrorCode, VigieError } from '../../common/errors.js';
import type { SigmaRule } from 'sigma-ts';
import type { StoredEvent, VigieEvent } from '../../events/event.model.js';
import { sigmaToElasticsearch } from '../../hunting/sigma-query.js';
import { dateParamMs, decodeCursor, encodeCursor, fillBuckets, pageSize } from '../cursor.js';
import { parseKql } from '../query/kql.parser.js';
import { kqlToElasticsearch } from '../query/kql-to-es.js';
import type {
  Collection,
  DocumentQuery,
  EventPage,
  EventQuery,
  HistogramQuery,
  StorageHealth,
  StoragePort,
  StoredDocument,
  TopNQuery,
  WriteResult,
} from '../storage.port.js';
import {
  isUnavailableStatus,
  rethrowUnavailable,
  storeUnavailable,
  whileShardsStart,
} from './elasticsearch-errors.js';
import { documentsIndexTemplate, ecsComponentTemplate, eventsIndexTemplate } from './index-templates.js';

export interface ElasticsearchOptions {
  url: string;
  username?: string;
  password?: string;
  apiKey?: string;
  /** Prefix of every index, data stream and template (tests use their own). */
  prefix: string;
  /** Quick retries of bulk items answered 429/5xx before the whole write is reported unavailable (VigieError Unavailable). */
  maxRetries?: number;
  retryBaseMs?: number;
}

type Sort = Record<string, 'asc' | 'desc'>[];

/**
 * Elasticsearch adapter. Events go to one data stream per tenant and connector
 * (`<prefix>-events-<tenant>-<connector>`), written with `create` and their deterministic id, so a retried batch
 * is answered "already exists" instead of duplicated. Documents live in `<prefix>-docs-<collection>-<tenant>`
 * with sequence-number concurrency control.
 */
export class ElasticsearchStorageAdapter implements StoragePort {
  readonly adapter = 'elasticsearch' as const;
  private readonly client: Client;
  private readonly log = childLogger('storage.elasticsearch');
  private wildcard = true;

  constructor(private readonly opts: ElasticsearchOptions) {
    this.client = new Client({
      node: opts.url,
      auth: opts.apiKey
        ? { apiKey: opts.apiKey }
        : opts.username
          ? { username: opts.username, password: opts.password ?? '' }
          : undefined,
      maxRetries: 2,
      requestTimeout: 60_000,
    });
  }

  private get p(): string {
    return this.opts.prefix;
  }

  async init(): Promise<void> {
    try {
      await this.client.cluster.health({ wait_for_status: 'yellow', timeout: '30s' });
    } catch (err) {
      throw new VigieError(
        ErrorCode.Unavailable,
        `Elasticsearch at ${this.opts.url} is unreachable: ${describe(err)}`,
      );
    }
    try {
      await this.client.cluster.putComponentTemplate({
        name: `${this.p}-ecs-mappings`,
        ...ecsComponentTemplate({ wildcard: true }),
      } as never);
    } catch (err) {
      // A cluster without the wildcard field type (x-pack) still works, with keyword substring queries.
      this.wildcard = false;
      this.log.warn({ err: describe(err) }, 'wildcard field type unavailable; falling back to keyword');
      await this.client.cluster.putComponentTemplate({
        name: `${this.p}-ecs-mappings`,
        ...ecsComponentTemplate({ wildcard: false }),
      } as never);
    }
    await this.client.indices.putIndexTemplate({
      name: `${this.p}-events`,
      ...eventsIndexTemplate(this.p),
    } as never);
    await this.client.indices.putIndexTemplate({
      name: `${this.p}-docs`,
      ...documentsIndexTemplate(this.p),
    } as never);
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  async health(): Promise<StorageHealth> {
    try {
      const h = await this.client.cluster.health();
      return {
        ok: h.status !== 'red',
        adapter: 'elasticsearch',
        detail: `${this.opts.url} cluster ${h.cluster_name} ${h.status}${this.wildcard ? '' : ' (no wildcard type)'}`,
      };
    } catch (err) {
      return { ok: false, adapter: 'elasticsearch', detail: describe(err) };
    }
  }

  private eventsPattern(tenant?: string): string {
    return tenant === undefined ? `${this.p}-events-*` : `${this.p}-events-${tenant}-*`;
  }

  private dataStream(tenant: string, connector: string): string {
    const dataset = (connector || 'unknown').toLowerCase().replace(/[^a-z0-9_.]/g, '_');
    return `${this.p}-events-${tenant}-${dataset}`;
  }

  private docsIndex(tenant: string, collection: Collection): string {
    return `${this.p}-docs-${collection}-${tenant}`;
  }

  async writeEvents(tenant: string, events: StoredEvent[]): Promise<WriteResult> {
    const failed: { id: string; reason: string }[] = [];
    let pending = events;
    let written = 0;
    const maxRetries = this.opts.maxRetries ?? 5;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const operations = pending.flatMap((e) => [
        { create: { _index: this.dataStream(tenant, e.doc.vigie?.connector ?? ''), _id: e.id } },
        e.doc,
      ]);
      // A cluster that cannot take the bulk at all (refused, timeout, 429/5xx) is unavailable: the caller's job is
      // retried later; documents already created are answered 409 then, so nothing is written twice.
      const res = await this.client
        .bulk({ operations })
        .catch((err) => rethrowUnavailable(`bulk of ${pending.length} events`, err));
      const retry: StoredEvent[] = [];
      let lastUnavailable = '';
      res.items.forEach((item, i) => {
        const r = item.create!;
        if (r.status === 201 || r.status === 200 || r.status === 409) written++;
        else if (isUnavailableStatus(r.status)) {
          retry.push(pending[i]);
          lastUnavailable = `${r.status} ${r.error?.type ?? ''}: ${r.error?.reason ?? 'unknown'}`;
        } else
          failed.push({
            id: pending[i].id,
            reason: `${r.status} ${r.error?.type ?? ''}: ${r.error?.reason ?? 'unknown'}`,
          });
      });
      // Items refused for back-pressure or unavailable shards are never reported as failed (that would dead-letter
      // them): after a few quick retries the whole write is unavailable and the batch is retried by the queue.
      if (retry.length && attempt >= maxRetries) {
        throw storeUnavailable(
          `${retry.length} of ${events.length} events refused`,
          new Error(lastUnavailable),
        );
      }
      pending = retry;
      if (pending.length) await sleep((this.opts.retryBaseMs ?? 200) * 2 ** attempt);
    }
    return { written, failed };
  }

  async refresh(): Promise<void> {
    await this.client.indices
      .refresh({ index: `${this.p}-*`, ignore_unavailable: true, allow_no_indices: true })
      .catch((err) => rethrowUnavailable('refresh', err));
  }

  private eventQuery(query: Omit<EventQuery, 'size' | 'cursor' | 'order'>) {
    const filter: Record<string, unknown>[] = [kqlToElasticsearch(parseKql(query.kql))];
    const range: Record<string, number> = {};
    if (query.from) range.gte = dateParamMs(query.from, 'from');
    if (query.to) range.lt = dateParamMs(query.to, 'to');
    if (query.from || query.to)
      filter.push({ range: { '@timestamp': { ...range, format: 'epoch_millis' } } });
    return { bool: { filter } };
  }

  async huntSigma(tenant: string, rule: SigmaRule, query: Omit<EventQuery, 'kql'>): Promise<EventPage> {
    const r = sigmaToElasticsearch(rule);
    if (!r.ok)
      throw new VigieError(
        ErrorCode.Validation,
        `rule ${rule.id} cannot be converted to Elasticsearch DSL: ${r.reason}`,
      );
    return this.pageEvents(this.eventsPattern(tenant), query, r.query);
  }

  private async pageEvents(
    index: string,
    query: EventQuery,
    extraFilter?: Record<string, unknown>,
  ): Promise<EventPage> {
    const size = pageSize(query.size);
    const dir = query.order === 'asc' ? 'asc' : 'desc';
    const sort: Sort = [{ '@timestamp': dir }, { 'event.id': dir }];
    const base = this.eventQuery(query);
    const res = await this.search(index, {
      query: extraFilter ? { bool: { filter: [...base.bool.filter, extraFilter] } } : base,
      size,
      sort,
      track_total_hits: true,
      search_after: query.cursor ? decodeCursor(query.cursor) : undefined,
    });
    const hits = res.hits.hits.map((h) => ({ id: h._id!, doc: h._source as VigieEvent }));
    const last = res.hits.hits[res.hits.hits.length - 1];
    return {
      hits,
      total: totalOf(res.hits.total),
      cursor: hits.length === size && last?.sort ? encodeCursor(last.sort as (string | number)[]) : undefined,
    };
  }

  private async search(index: string, body: Record<string, unknown>) {
    try {
      return await whileShardsStart(() =>
        this.client.search<Record<string, unknown>>({
          index,
          ignore_unavailable: true,
          allow_no_indices: true,
          ...body,
        } as never),
      );
    } catch (err) {
      if (err instanceof errors.ResponseError && err.statusCode === 400) {
        throw new VigieError(ErrorCode.Validation, `search rejected by Elasticsearch: ${describe(err)}`);
      }
      rethrowUnavailable(`search ${index}`, err);
    }
  }

  searchEvents(tenant: string, query: EventQuery): Promise<EventPage> {
    return this.pageEvents(this.eventsPattern(tenant), query);
  }

  async countEvents(tenant: string, query: Omit<EventQuery, 'size' | 'cursor' | 'order'>): Promise<number> {
    const res = await this.client
      .count({
        index: this.eventsPattern(tenant),
        ignore_unavailable: true,
        allow_no_indices: true,
        query: this.eventQuery(query),
      } as never)
      .catch((err) => rethrowUnavailable('count', err));
    return res.count;
  }

  async histogram(tenant: string, query: HistogramQuery): Promise<{ start: string; count: number }[]> {
    const step = Math.max(1, Math.round(query.intervalSeconds)) * 1000;
    const from = dateParamMs(query.from, 'from');
    const to = dateParamMs(query.to, 'to');
    const field = query.timeField ?? '@timestamp';
    const res = await this.search(this.eventsPattern(tenant), {
      query: {
        bool: {
          filter: [
            kqlToElasticsearch(parseKql(query.kql)),
            { range: { [field]: { gte: from, lt: to, format: 'epoch_millis' } } },
          ],
        },
      },
      size: 0,
      aggs: { h: { date_histogram: { field, fixed_interval: `${step / 1000}s`, min_doc_count: 1 } } },
    });
    const buckets =
      (res.aggregations?.h as { buckets?: { key: number; doc_count: number }[] })?.buckets ?? [];
    return fillBuckets(from, to, step, new Map(buckets.map((b) => [b.key, b.doc_count])));
  }

  async topN(tenant: string, query: TopNQuery): Promise<{ value: string; count: number }[]> {
    const res = await this.search(this.eventsPattern(tenant), {
      query: this.eventQuery(query),
      size: 0,
      aggs: {
        t: {
          terms: {
            field: query.field,
            size: Math.max(1, Math.min(query.size, 1000)),
            order: [{ _count: 'desc' }, { _key: 'asc' }],
          },
        },
      },
    });
    const buckets =
      (
        res.aggregations?.t as {
          buckets?: { key: string | number; key_as_string?: string; doc_count: number }[];
        }
      )?.buckets ?? [];
    return buckets.map((b) => ({ value: b.key_as_string ?? String(b.key), count: b.doc_count }));
  }

  async putDocument<T extends Record<string, unknown>>(
    tenant: string,
    collection: Collection,
    id: string,
    doc: T,
    options: { ifVersion?: string | null; searchable?: boolean } = {},
  ): Promise<StoredDocument<T>> {
    const index = this.docsIndex(tenant, collection);
    const cc: Record<string, unknown> = {};
    if (options.ifVersion === null) cc.op_type = 'create';
    else if (options.ifVersion !== undefined) {
      const [seq, term] = options.ifVersion.split('_').map(Number);
      if (!Number.isInteger(seq) || !Number.isInteger(term)) {
        throw new VigieError(
          ErrorCode.Validation,
          `invalid version "${options.ifVersion}" for ${collection}/${id}`,
        );
      }
      cc.if_seq_no = seq;
      cc.if_primary_term = term;
    }
    try {
      // Searchable at once: `refresh: true` refreshes this one small shard (~10 ms), where `wait_for` waits for the next
      // scheduled refresh (~1 s on an idle shard) — which made every alert and incident write of a batch cost a second
      // (see bench/pipeline.bench.ts). Document collections are low-volume, so the extra refreshes are cheap.
      const res = await whileShardsStart(() =>
        this.client.index({
          index,
          id,
          document: { ...doc, [DOC_ID]: id },
          refresh: options.searchable === false ? false : true,
          ...cc,
        }),
      );
      return { id, version: `${res._seq_no}_${res._primary_term}`, doc };
    } catch (err) {
      if (err instanceof errors.ResponseError && err.statusCode === 409) {
        throw new VigieError(
          ErrorCode.Conflict,
          `${collection}/${id} was changed by someone else (your version ${options.ifVersion ?? 'none'} is stale)`,
          { collection, id },
        );
      }
      if (err instanceof errors.ResponseError && err.statusCode === 404 && options.ifVersion) {
        throw new VigieError(ErrorCode.Conflict, `${collection}/${id} no longer exists`, { collection, id });
      }
      rethrowUnavailable(`put ${collection}/${id}`, err);
    }
  }

  async getDocument<T extends Record<string, unknown>>(
    tenant: string,
    collection: Collection,
    id: string,
  ): Promise<StoredDocument<T> | undefined> {
    try {
      const res = await whileShardsStart(() =>
        this.client.get<T>({ index: this.docsIndex(tenant, collection), id }),
      );
      return { id, version: `${res._seq_no}_${res._primary_term}`, doc: withoutDocId(res._source as T) };
    } catch (err) {
      if (err instanceof errors.ResponseError && err.statusCode === 404) return undefined;
      rethrowUnavailable(`get ${collection}/${id}`, err);
    }
  }

  async listDocuments<T extends Record<string, unknown>>(
    tenant: string,
    collection: Collection,
    query: DocumentQuery = {},
  ): Promise<{ items: StoredDocument<T>[]; total: number; cursor?: string }> {
    const size = pageSize(query.size);
    const dir = query.order === 'desc' ? 'desc' : 'asc';
    const sort: Record<string, unknown>[] = [];
    if (query.sortBy)
      sort.push({
        [query.sortBy]: { order: dir, missing: dir === 'asc' ? '_first' : '_last', unmapped_type: 'keyword' },
      });
    // `_id` cannot be sorted on; every document carries its id in DOC_ID for the tie-break.
    sort.push({ [DOC_ID]: { order: dir, unmapped_type: 'keyword' } });
    const res = await this.search(this.docsIndex(tenant, collection), {
      query: kqlToElasticsearch(parseKql(query.kql)),
      size,
      sort,
      seq_no_primary_term: true,
      track_total_hits: true,
      search_after: query.cursor ? decodeCursor(query.cursor) : undefined,
    });
    const items = res.hits.hits.map((h) => ({
      id: h._id!,
      version: `${h._seq_no}_${h._primary_term}`,
      doc: withoutDocId(h._source as T),
    }));
    const last = res.hits.hits[res.hits.hits.length - 1];
    return {
      items,
      total: totalOf(res.hits.total),
      cursor:
        items.length === size && last?.sort ? encodeCursor(last.sort as (string | number)[]) : undefined,
    };
  }

  async deleteDocument(tenant: string, collection: Collection, id: string): Promise<boolean> {
    try {
      await this.client.delete({ index: this.docsIndex(tenant, collection), id, refresh: true });
      return true;
    } catch (err) {
      if (err instanceof errors.ResponseError && err.statusCode === 404) return false;
      rethrowUnavailable(`delete ${collection}/${id}`, err);
    }
  }

  async tenants(): Promise<string[]> {
    const res = await this.client.indices.resolveIndex({ name: `${this.p}-*`, expand_wildcards: 'open' });
    const names = [...res.data_streams.map((d) => d.name), ...res.indices.map((i) => i.name)];
    const found = new Set<string>();
    for (const n of names) {
      const ev = n.match(new RegExp(`^${escapeRe(this.p)}-events-([a-z0-9_]+)-`));
      const doc = n.match(new RegExp(`^${escapeRe(this.p)}-docs-[a-z]+-([a-z0-9_]+)$`));
      if (ev && !n.startsWith('.')) found.add(ev[1]);
      if (doc) found.add(doc[1]);
    }
    return [...found].filter((t) => !t.startsWith('_')).sort();
  }

  readonly admin = {
    searchEventsAllTenants: (query: EventQuery): Promise<EventPage> =>
      this.pageEvents(this.eventsPattern(), query),
  };
}

/** Field holding a document's id inside its source (sortable, unlike `_id`); never returned to callers. */
const DOC_ID = 'vigie_doc_id';

function withoutDocId<T extends Record<string, unknown>>(source: T): T {
  const { [DOC_ID]: _drop, ...rest } = source;
  return rest as T;
}

function totalOf(total: unknown): number {
  return typeof total === 'number' ? total : ((total as { value?: number })?.value ?? 0);
}

function describe(err: unknown): string {
  if (err instanceof errors.ResponseError) {
    const body = err.body as {
      error?: { type?: string; reason?: string; root_cause?: { reason?: string }[] };
    };
    return `${err.statusCode} ${body?.error?.type ?? ''}: ${body?.error?.root_cause?.[0]?.reason ?? body?.error?.reason ?? err.message}`;
  }
  return (err as Error)?.message ?? String(err);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
