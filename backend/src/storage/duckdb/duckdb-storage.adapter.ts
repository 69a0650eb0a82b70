import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ErrorCode, VigieError } from '../../common/errors.js';
import type { SigmaRule } from 'sigma-ts';
import type { StoredEvent, VigieEvent } from '../../events/event.model.js';
import { sigmaToSql } from '../../hunting/sigma-query.js';
import { dateParamMs, decodeCursor, encodeCursor, fillBuckets, pageSize, timestampMs } from '../cursor.js';
import { parseKql } from '../query/kql.parser.js';
import { jsonPath, kqlToSql, SQL_MACROS, sqlString } from '../query/kql-to-sql.js';
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

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS events (
     id VARCHAR PRIMARY KEY, tenant VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, connector VARCHAR, doc JSON NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS documents (
     tenant VARCHAR NOT NULL, collection VARCHAR NOT NULL, id VARCHAR NOT NULL, version BIGINT NOT NULL,
     doc JSON NOT NULL, PRIMARY KEY (tenant, collection, id))`,
];

/**
 * The embedded storage adapter: one DuckDB file under DATA_DIR. Events live in one table keyed by their
 * deterministic id (a retried write is ignored), documents in another with an integer version for optimistic
 * concurrency. Every statement runs through one queue, as DuckDB allows one writer per process.
 */
export class DuckDbStorageAdapter implements StoragePort {
  readonly adapter = 'duckdb' as const;
  private instance?: DuckDBInstance;
  private conn?: DuckDBConnection;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly path: string) {}

  async init(): Promise<void> {
    if (this.path !== ':memory:') mkdirSync(dirname(this.path), { recursive: true });
    try {
      this.instance = await DuckDBInstance.create(this.path);
    } catch (err) {
      const msg = (err as Error).message;
      throw new VigieError(
        ErrorCode.Unavailable,
        /lock/i.test(msg)
          ? `the embedded database ${this.path} is in use by another Vigie process (${msg.split('\n')[0]}); stop it, or point the CLI at the running server with VIGIE_URL`
          : `cannot open the embedded database ${this.path}: ${msg}`,
      );
    }
    this.conn = await this.instance.connect();
    for (const sql of [...SCHEMA, ...SQL_MACROS]) await this.conn.run(sql);
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined);
    this.conn?.closeSync();
    this.instance?.closeSync();
    this.conn = undefined;
    this.instance = undefined;
  }

  /** Runs `fn` after every earlier statement, so statements never interleave on the one connection. */
  private serial<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const run = this.chain.then(() => {
      if (!this.conn) throw new VigieError(ErrorCode.Unavailable, 'embedded storage is not open');
      return fn(this.conn);
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * A page and the total count in ONE statement, so both come from one snapshot: as two statements, a write landing
   * between them gave a page of 0 hits with a total of 1. `page` must select `id`; `count` selects `n`.
   */
  private async pageWithTotal(
    page: string,
    count: string,
    order: { columns: string[]; dir: 'ASC' | 'DESC' },
  ): Promise<{ rows: Record<string, unknown>[]; total: number }> {
    const orderBy = order.columns.map((c) => `p.${c} ${order.dir}`).join(', ');
    const joined = await this.rows(
      `WITH t AS (${count}), p AS (${page}) SELECT p.*, t.n AS __total FROM t LEFT JOIN p ON true ORDER BY ${orderBy}`,
    );
    const total = Number(joined[0]?.__total ?? 0);
    const rows = joined.filter((r) => r.id !== null && r.id !== undefined);
    for (const r of rows) delete r.__total;
    return { rows, total };
  }

  private async rows(sql: string): Promise<Record<string, unknown>[]> {
    return this.serial(
      async (c) => (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[],
    );
  }

  async health(): Promise<StorageHealth> {
    try {
      await this.rows('SELECT 1');
      return { ok: true, adapter: 'duckdb', detail: this.path };
    } catch (err) {
      return { ok: false, adapter: 'duckdb', detail: (err as Error).message };
    }
  }

  async writeEvents(tenant: string, events: StoredEvent[]): Promise<WriteResult> {
    if (events.length === 0) return { written: 0, failed: [] };
    return this.serial(async (c) => {
      await c.run(
        'CREATE TEMP TABLE IF NOT EXISTS staging (id VARCHAR, tenant VARCHAR, ts_ms BIGINT, connector VARCHAR, doc VARCHAR)',
      );
      await c.run('DELETE FROM staging');
      const appender = await c.createAppender('staging', 'main', 'temp');
      for (const e of events) {
        appender.appendVarchar(e.id);
        appender.appendVarchar(tenant);
        appender.appendBigInt(BigInt(timestampMs(e.doc['@timestamp'])));
        appender.appendVarchar(e.doc.vigie?.connector ?? '');
        appender.appendVarchar(JSON.stringify(e.doc));
        appender.endRow();
      }
      appender.closeSync();
      // Duplicate ids (a retried batch, or the same id twice in one batch) are written once.
      await c.run(
        `INSERT OR IGNORE INTO events SELECT id, tenant, ts_ms, connector, doc::JSON FROM
           (SELECT *, row_number() OVER (PARTITION BY id) AS n FROM staging) WHERE n = 1`,
      );
      return { written: events.length, failed: [] };
    });
  }

  async refresh(): Promise<void> {
    await this.chain;
  }

  private eventWhere(
    tenant: string | undefined,
    query: Omit<EventQuery, 'size' | 'cursor' | 'order'>,
  ): string {
    const parts = [kqlToSql(parseKql(query.kql))];
    if (tenant !== undefined) parts.unshift(`tenant = ${sqlString(tenant)}`);
    if (query.from) parts.push(`ts_ms >= ${dateParamMs(query.from, 'from')}`);
    if (query.to) parts.push(`ts_ms < ${dateParamMs(query.to, 'to')}`);
    return parts.join(' AND ');
  }

  private async pageEvents(tenant: string | undefined, query: EventQuery): Promise<EventPage> {
    return this.pageWhere(this.eventWhere(tenant, query), query);
  }

  async huntSigma(tenant: string, rule: SigmaRule, query: Omit<EventQuery, 'kql'>): Promise<EventPage> {
    const r = sigmaToSql(rule);
    if (!r.ok)
      throw new VigieError(ErrorCode.Validation, `rule ${rule.id} cannot be converted to SQL: ${r.reason}`);
    return this.pageWhere(`${this.eventWhere(tenant, query)} AND (${r.query})`, query);
  }

  private async pageWhere(where: string, query: EventQuery): Promise<EventPage> {
    const size = pageSize(query.size);
    const dir = query.order === 'asc' ? 'ASC' : 'DESC';
    let after = '';
    if (query.cursor) {
      const [ts, id] = decodeCursor(query.cursor);
      const cmp = dir === 'ASC' ? '>' : '<';
      after = ` AND (ts_ms ${cmp} ${Number(ts)} OR (ts_ms = ${Number(ts)} AND id ${cmp} ${sqlString(String(id))}))`;
    }
    const { rows, total: n } = await this.pageWithTotal(
      `SELECT id, ts_ms, doc FROM events WHERE ${where}${after} ORDER BY ts_ms ${dir}, id ${dir} LIMIT ${size}`,
      `SELECT count(*) AS n FROM events WHERE ${where}`,
      { columns: ['ts_ms', 'id'], dir },
    );
    const hits = rows.map((r) => ({ id: String(r.id), doc: parseDoc(r.doc) as VigieEvent }));
    const last = rows[rows.length - 1];
    return {
      hits,
      total: Number(n),
      cursor: rows.length === size && last ? encodeCursor([Number(last.ts_ms), String(last.id)]) : undefined,
    };
  }

  searchEvents(tenant: string, query: EventQuery): Promise<EventPage> {
    return this.pageEvents(tenant, query);
  }

  async countEvents(tenant: string, query: Omit<EventQuery, 'size' | 'cursor' | 'order'>): Promise<number> {
    const [{ n }] = await this.rows(
      `SELECT count(*) AS n FROM events WHERE ${this.eventWhere(tenant, query)}`,
    );
    return Number(n);
  }

  async histogram(tenant: string, query: HistogramQuery): Promise<{ start: string; count: number }[]> {
    const step = Math.max(1, Math.round(query.intervalSeconds)) * 1000;
    const from = dateParamMs(query.from, 'from');
    const to = dateParamMs(query.to, 'to');
    const t =
      query.timeField === 'event.ingested'
        ? `epoch_ms(TRY_CAST(json_extract_string(doc, '$.event.ingested') AS TIMESTAMPTZ))`
        : 'ts_ms';
    const rows = await this.rows(
      `SELECT (${t} // ${step}) * ${step} AS bucket, count(*) AS n FROM events
       WHERE ${this.eventWhere(tenant, { kql: query.kql })} AND ${t} >= ${from} AND ${t} < ${to}
       GROUP BY bucket ORDER BY bucket`,
    );
    return fillBuckets(from, to, step, new Map(rows.map((r) => [Number(r.bucket), Number(r.n)])));
  }

  async topN(tenant: string, query: TopNQuery): Promise<{ value: string; count: number }[]> {
    const rows = await this.rows(
      `SELECT v AS value, count(*) AS n FROM (
         SELECT unnest(vigie_vals(json_extract(doc, ${sqlString(jsonPath(query.field))}))) AS v
         FROM events WHERE ${this.eventWhere(tenant, query)})
       GROUP BY v ORDER BY n DESC, v ASC LIMIT ${Math.max(1, Math.min(query.size, 1000))}`,
    );
    return rows.map((r) => ({ value: String(r.value), count: Number(r.n) }));
  }

  async putDocument<T extends Record<string, unknown>>(
    tenant: string,
    collection: Collection,
    id: string,
    doc: T,
    options: { ifVersion?: string | null; searchable?: boolean } = {},
  ): Promise<StoredDocument<T>> {
    const key = `tenant = ${sqlString(tenant)} AND collection = ${sqlString(collection)} AND id = ${sqlString(id)}`;
    const json = sqlString(JSON.stringify(doc));
    return this.serial(async (c) => {
      const current = (
        await c.runAndReadAll(`SELECT version FROM documents WHERE ${key}`)
      ).getRowObjectsJson();
      const stored = current.length ? Number(current[0].version) : undefined;
      if (options.ifVersion !== undefined) {
        const expected = options.ifVersion === null ? undefined : Number(options.ifVersion);
        if (stored !== expected) {
          throw new VigieError(
            ErrorCode.Conflict,
            `${collection}/${id} was changed by someone else (stored version ${stored ?? 'none'}, yours ${options.ifVersion ?? 'none'})`,
            { collection, id, storedVersion: stored === undefined ? null : String(stored) },
          );
        }
      }
      const version = (stored ?? 0) + 1;
      if (stored === undefined) {
        await c.run(
          `INSERT INTO documents VALUES (${sqlString(tenant)}, ${sqlString(collection)}, ${sqlString(id)}, ${version}, ${json})`,
        );
      } else {
        await c.run(
          `UPDATE documents SET version = ${version}, doc = ${json} WHERE ${key} AND version = ${stored}`,
        );
      }
      return { id, version: String(version), doc };
    });
  }

  async getDocument<T extends Record<string, unknown>>(
    tenant: string,
    collection: Collection,
    id: string,
  ): Promise<StoredDocument<T> | undefined> {
    const rows = await this.rows(
      `SELECT version, doc FROM documents WHERE tenant = ${sqlString(tenant)} AND collection = ${sqlString(collection)} AND id = ${sqlString(id)}`,
    );
    if (!rows.length) return undefined;
    return { id, version: String(rows[0].version), doc: parseDoc(rows[0].doc) as T };
  }

  async listDocuments<T extends Record<string, unknown>>(
    tenant: string,
    collection: Collection,
    query: DocumentQuery = {},
  ): Promise<{ items: StoredDocument<T>[]; total: number; cursor?: string }> {
    const size = pageSize(query.size);
    const dir = query.order === 'desc' ? 'DESC' : 'ASC';
    const where = `tenant = ${sqlString(tenant)} AND collection = ${sqlString(collection)} AND ${kqlToSql(parseKql(query.kql))}`;
    const sortExpr = query.sortBy
      ? `coalesce(json_extract_string(doc, ${sqlString(jsonPath(query.sortBy))}), '')`
      : `''`;
    let after = '';
    if (query.cursor) {
      const [sortValue, id] = decodeCursor(query.cursor);
      const cmp = dir === 'ASC' ? '>' : '<';
      after = ` AND (${sortExpr} ${cmp} ${sqlString(String(sortValue))} OR (${sortExpr} = ${sqlString(String(sortValue))} AND id ${cmp} ${sqlString(String(id))}))`;
    }
    const { rows, total: n } = await this.pageWithTotal(
      `SELECT id, version, doc, ${sortExpr} AS sort_value FROM documents WHERE ${where}${after}
       ORDER BY sort_value ${dir}, id ${dir} LIMIT ${size}`,
      `SELECT count(*) AS n FROM documents WHERE ${where}`,
      { columns: ['sort_value', 'id'], dir },
    );
    const last = rows[rows.length - 1];
    return {
      items: rows.map((r) => ({ id: String(r.id), version: String(r.version), doc: parseDoc(r.doc) as T })),
      total: Number(n),
      cursor:
        rows.length === size && last ? encodeCursor([String(last.sort_value), String(last.id)]) : undefined,
    };
  }

  async deleteDocument(tenant: string, collection: Collection, id: string): Promise<boolean> {
    const key = `tenant = ${sqlString(tenant)} AND collection = ${sqlString(collection)} AND id = ${sqlString(id)}`;
    const [{ n }] = await this.rows(`SELECT count(*) AS n FROM documents WHERE ${key}`);
    if (!Number(n)) return false;
    await this.serial((c) => c.run(`DELETE FROM documents WHERE ${key}`));
    return true;
  }

  async tenants(): Promise<string[]> {
    const rows = await this.rows(
      'SELECT DISTINCT tenant FROM (SELECT tenant FROM events UNION SELECT tenant FROM documents) ORDER BY tenant',
    );
    return rows.map((r) => String(r.tenant)).filter((t) => !t.startsWith('_'));
  }

  readonly admin = {
    searchEventsAllTenants: (query: EventQuery): Promise<EventPage> => this.pageEvents(undefined, query),
  };
}

function parseDoc(value: unknown): Record<string, unknown> {
  return typeof value === 'string' ? JSON.parse(value) : (value as Record<string, unknown>);
}
