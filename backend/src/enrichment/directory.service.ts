/**
 * The directory use-cases shared by the API and the CLI: import (CSV/JSON, merge or replace), list (filtered,
 * paged), get and delete one entry. Every change is a new revision of the tenant's directory (directory.store.ts)
 * that workers pick up within the cache TTL.
 */
import { ErrorCode, VigieError } from '../common/errors.js';
import type { DirectoryCache } from './directory.cache.js';
import { entryKey, hostKey, hostKeys, userKey, type DirectoryKind } from './directory.model.js';
import { parseDirectory, type DirectoryFormat, type DirectoryReject } from './directory.parser.js';
import type { AnyEntry, DirectoryStore } from './directory.store.js';

export interface ImportDirectoryCommand {
  tenant: string;
  kind: DirectoryKind;
  /** CSV or JSON text. */
  text: string;
  format?: DirectoryFormat;
  /** `merge` (default) upserts the imported entries; `replace` makes them the whole directory. */
  mode?: 'merge' | 'replace';
}

export interface ImportDirectoryResult {
  directory: DirectoryKind;
  revision: number;
  imported: number;
  rejected: number;
  /** Entries in the directory after the import. */
  total: number;
  rejects: DirectoryReject[];
}

export interface DirectoryPage {
  directory: DirectoryKind;
  revision: number;
  items: AnyEntry[];
  total: number;
  cursor?: string;
}

const keyOf = (kind: DirectoryKind, name: string) => (kind === 'assets' ? hostKey(name) : userKey(name));

/** The stored key for a name: exact, else (hosts) the FQDN entry whose short name or FQDN matches the name's. */
function findKey(entries: Map<string, AnyEntry>, kind: DirectoryKind, name: string): string | undefined {
  const key = keyOf(kind, name);
  if (entries.has(key) || kind !== 'assets') return entries.has(key) ? key : undefined;
  const [, short] = hostKeys(key);
  const want = short ?? key;
  const hits = [...entries.keys()].filter((k) => k === want || k.split('.')[0] === want);
  return hits.length === 1 ? hits[0] : undefined;
}
const noun = (kind: DirectoryKind) => (kind === 'assets' ? 'asset' : 'identity');

export class DirectoryService {
  constructor(
    private readonly store: DirectoryStore,
    private readonly cache?: DirectoryCache,
  ) {}

  async import(cmd: ImportDirectoryCommand): Promise<ImportDirectoryResult> {
    const parsed = parseDirectory(cmd.kind, cmd.text, cmd.format);
    if (parsed.error) throw new VigieError(ErrorCode.Validation, `${cmd.kind} import: ${parsed.error}`);
    if (parsed.entries.length === 0 && cmd.mode !== 'replace') {
      throw new VigieError(
        ErrorCode.Validation,
        `${cmd.kind} import: no valid entry (${parsed.rejects.length} rejected)`,
        {
          rejects: parsed.rejects.slice(0, 100),
        },
      );
    }
    const { revision, count } = await this.store.update(cmd.tenant, cmd.kind, (entries) => {
      if (cmd.mode === 'replace') entries.clear();
      for (const e of parsed.entries) entries.set(entryKey(cmd.kind, e), e);
    });
    this.cache?.invalidate(cmd.tenant);
    return {
      directory: cmd.kind,
      revision,
      imported: parsed.entries.length,
      rejected: parsed.rejects.length,
      total: count,
      rejects: parsed.rejects,
    };
  }

  async list(
    tenant: string,
    kind: DirectoryKind,
    q: { filter?: string; size?: number; cursor?: string } = {},
  ): Promise<DirectoryPage> {
    const snap = await this.store.load(tenant, kind);
    const needle = q.filter?.toLowerCase();
    let items = [...snap.entries.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, e]) => e);
    if (needle) items = items.filter((e) => JSON.stringify(e).toLowerCase().includes(needle));
    const offset = q.cursor ? Number.parseInt(q.cursor, 10) : 0;
    if (!Number.isInteger(offset) || offset < 0)
      throw new VigieError(ErrorCode.Validation, `invalid cursor "${q.cursor}"`);
    const size = Math.min(Math.max(q.size ?? 100, 1), 1000);
    const page = items.slice(offset, offset + size);
    return {
      directory: kind,
      revision: snap.revision,
      items: page,
      total: items.length,
      cursor: offset + size < items.length ? String(offset + size) : undefined,
    };
  }

  async get(tenant: string, kind: DirectoryKind, name: string): Promise<AnyEntry> {
    const snap = await this.store.load(tenant, kind);
    const key = findKey(snap.entries, kind, name);
    const e = key === undefined ? undefined : snap.entries.get(key);
    if (!e) throw new VigieError(ErrorCode.NotFound, `no ${noun(kind)} "${name}" in tenant ${tenant}`);
    return e;
  }

  async remove(
    tenant: string,
    kind: DirectoryKind,
    name: string,
  ): Promise<{ revision: number; total: number }> {
    const { revision, count, result } = await this.store.update(tenant, kind, (entries) => {
      const key = findKey(entries, kind, name);
      return key !== undefined && entries.delete(key);
    });
    if (!result) throw new VigieError(ErrorCode.NotFound, `no ${noun(kind)} "${name}" in tenant ${tenant}`);
    this.cache?.invalidate(tenant);
    return { revision, total: count };
  }
}
