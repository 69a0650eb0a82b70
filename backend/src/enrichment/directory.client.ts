/**
 * The CLI's access to the asset and identity directories: through a running server's API (`/api/assets`,
 * `/api/identities`) or in-process (DirectoryService), the same use-cases either way.
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { DirectoryKind } from './directory.model.js';
import type { DirectoryFormat } from './directory.parser.js';
import { DirectoryService, type DirectoryPage, type ImportDirectoryResult } from './directory.service.js';
import type { AnyEntry } from './directory.store.js';

export interface DirectoryClient {
  import(
    tenant: string,
    kind: DirectoryKind,
    text: string,
    opts?: { format?: DirectoryFormat; mode?: 'merge' | 'replace' },
  ): Promise<ImportDirectoryResult>;
  list(
    tenant: string,
    kind: DirectoryKind,
    q?: { filter?: string; size?: number; cursor?: string },
  ): Promise<DirectoryPage>;
  get(tenant: string, kind: DirectoryKind, name: string): Promise<AnyEntry>;
  remove(tenant: string, kind: DirectoryKind, name: string): Promise<{ revision: number; total: number }>;
}

type Call = <T>(path: string, init?: RequestInit) => Promise<T>;

export class RemoteDirectoryClient implements DirectoryClient {
  constructor(private readonly call: Call) {}

  import(
    tenant: string,
    kind: DirectoryKind,
    text: string,
    opts: { format?: DirectoryFormat; mode?: 'merge' | 'replace' } = {},
  ): Promise<ImportDirectoryResult> {
    const params = new URLSearchParams({ tenant, mode: opts.mode ?? 'merge' });
    if (opts.format) params.set('format', opts.format);
    const json = (opts.format ?? (/^\s*[[{]/.test(text) ? 'json' : 'csv')) === 'json';
    return this.call(`/api/${kind}/import?${params}`, {
      method: 'POST',
      body: text,
      headers: { 'content-type': json ? 'application/json' : 'text/csv' },
    });
  }

  list(
    tenant: string,
    kind: DirectoryKind,
    q: { filter?: string; size?: number; cursor?: string } = {},
  ): Promise<DirectoryPage> {
    const params = new URLSearchParams({ tenant });
    if (q.filter) params.set('q', q.filter);
    if (q.size) params.set('size', String(q.size));
    if (q.cursor) params.set('cursor', q.cursor);
    return this.call(`/api/${kind}?${params}`);
  }

  get(tenant: string, kind: DirectoryKind, name: string): Promise<AnyEntry> {
    return this.call(`/api/${kind}/${encodeURIComponent(name)}?tenant=${tenant}`);
  }

  remove(tenant: string, kind: DirectoryKind, name: string): Promise<{ revision: number; total: number }> {
    return this.call(`/api/${kind}/${encodeURIComponent(name)}?tenant=${tenant}`, { method: 'DELETE' });
  }
}

export class LocalDirectoryClient implements DirectoryClient {
  constructor(private readonly ctx: () => INestApplicationContext) {}

  private get service(): DirectoryService {
    return this.ctx().get(DirectoryService);
  }

  import(
    tenant: string,
    kind: DirectoryKind,
    text: string,
    opts: { format?: DirectoryFormat; mode?: 'merge' | 'replace' } = {},
  ): Promise<ImportDirectoryResult> {
    return this.service.import({ tenant, kind, text, ...opts });
  }

  list(
    tenant: string,
    kind: DirectoryKind,
    q: { filter?: string; size?: number; cursor?: string } = {},
  ): Promise<DirectoryPage> {
    return this.service.list(tenant, kind, q);
  }

  get(tenant: string, kind: DirectoryKind, name: string): Promise<AnyEntry> {
    return this.service.get(tenant, kind, name);
  }

  remove(tenant: string, kind: DirectoryKind, name: string): Promise<{ revision: number; total: number }> {
    return this.service.remove(tenant, kind, name);
  }
}
