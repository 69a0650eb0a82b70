/**
 * Stores a tenant's directory (assets or identities) in the `config` collection through the storage port: a head
 * document `enrichment.<kind>` (revision, writer id, count, chunk count) and the entries in chunks of 2,000 written
 * under the revision and the writer's id (`enrichment.<kind>.r<rev>.<writer>.<i>`: two writers racing for the same
 * revision never overwrite each other's chunks). A change writes the new chunks, then moves the head with
 * optimistic concurrency (`ifVersion`), then deletes the previous revision's chunks — so a reader that sees a
 * head always finds a complete set of chunks (or retries once the head has moved on), and two concurrent imports
 * never lose each other's entries (the loser re-reads and re-applies).
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode, VigieError } from '../common/errors.js';
import type { StoragePort } from '../storage/storage.port.js';
import { entryKey, type AssetEntry, type DirectoryKind, type IdentityEntry } from './directory.model.js';

export type AnyEntry = AssetEntry | IdentityEntry;

export const CHUNK_SIZE = 2000;
const MAX_ATTEMPTS = 5;

export interface DirectoryHead extends Record<string, unknown> {
  type: 'enrichment-directory';
  directory: DirectoryKind;
  revision: number;
  /** Id of the write that produced this revision (names its chunks). */
  writer: string;
  count: number;
  chunks: number;
  updated_at: string;
}

interface DirectoryChunk extends Record<string, unknown> {
  type: 'enrichment-directory-chunk';
  directory: DirectoryKind;
  revision: number;
  entries: AnyEntry[];
}

export interface DirectorySnapshot {
  revision: number;
  /** Entries by normalised key, sorted by key. */
  entries: Map<string, AnyEntry>;
}

export const headId = (kind: DirectoryKind) => `enrichment.${kind}`;
const chunkId = (kind: DirectoryKind, revision: number, writer: string, i: number) =>
  `enrichment.${kind}.r${revision}.${writer}.${i}`;

export class DirectoryStore {
  constructor(private readonly storage: StoragePort) {}

  async head(
    tenant: string,
    kind: DirectoryKind,
  ): Promise<{ head: DirectoryHead; version: string } | undefined> {
    const d = await this.storage.getDocument<DirectoryHead>(tenant, 'config', headId(kind));
    return d ? { head: d.doc, version: d.version } : undefined;
  }

  /** The whole directory at its current revision (revision 0 and no entries when never imported). */
  async load(
    tenant: string,
    kind: DirectoryKind,
  ): Promise<DirectorySnapshot & { version?: string; chunks: number; writer?: string }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const h = await this.head(tenant, kind);
      if (!h) return { revision: 0, entries: new Map(), chunks: 0 };
      const entries = new Map<string, AnyEntry>();
      let complete = true;
      for (let i = 0; i < h.head.chunks; i++) {
        const c = await this.storage.getDocument<DirectoryChunk>(
          tenant,
          'config',
          chunkId(kind, h.head.revision, h.head.writer, i),
        );
        if (!c) {
          complete = false; // the head moved on and this revision's chunks are gone: read again
          break;
        }
        for (const e of c.doc.entries) entries.set(entryKey(kind, e), e);
      }
      if (complete)
        return {
          revision: h.head.revision,
          entries,
          version: h.version,
          chunks: h.head.chunks,
          writer: h.head.writer,
        };
    }
    throw new VigieError(
      ErrorCode.Unavailable,
      `${kind} directory of tenant ${tenant} keeps changing while being read; try again`,
    );
  }

  /**
   * Applies `change` to the current entries and stores the result as the next revision; retried on a
   * concurrent change. Returns the new revision and what `change` returned.
   */
  async update<R>(
    tenant: string,
    kind: DirectoryKind,
    change: (entries: Map<string, AnyEntry>) => R,
  ): Promise<{ revision: number; count: number; result: R }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const cur = await this.load(tenant, kind);
      const result = change(cur.entries);
      const sorted = [...cur.entries.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, e]) => e);
      const revision = cur.revision + 1;
      const chunks = Math.ceil(sorted.length / CHUNK_SIZE);
      const writer = randomUUID().slice(0, 8);
      for (let i = 0; i < chunks; i++) {
        const doc: DirectoryChunk = {
          type: 'enrichment-directory-chunk',
          directory: kind,
          revision,
          entries: sorted.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE),
        };
        await this.storage.putDocument(tenant, 'config', chunkId(kind, revision, writer, i), doc);
      }
      const head: DirectoryHead = {
        type: 'enrichment-directory',
        directory: kind,
        revision,
        writer,
        count: sorted.length,
        chunks,
        updated_at: new Date().toISOString(),
      };
      try {
        await this.storage.putDocument(tenant, 'config', headId(kind), head, {
          ifVersion: cur.version ?? null,
        });
      } catch (err) {
        if (err instanceof VigieError && err.code === ErrorCode.Conflict) {
          // Someone else moved the head first: drop our chunks and re-apply the change on their state.
          for (let i = 0; i < chunks; i++)
            await this.storage.deleteDocument(tenant, 'config', chunkId(kind, revision, writer, i));
          continue;
        }
        throw err;
      }
      if (cur.writer)
        for (let i = 0; i < cur.chunks; i++)
          await this.storage.deleteDocument(tenant, 'config', chunkId(kind, cur.revision, cur.writer, i));
      return { revision, count: sorted.length, result };
    }
    throw new VigieError(
      ErrorCode.Conflict,
      `${kind} directory of tenant ${tenant} changed ${MAX_ATTEMPTS} times during this update; try again`,
    );
  }
}
