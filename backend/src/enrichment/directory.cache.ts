/**
 * Per-worker cache of each tenant's directories. A snapshot is reused until `ttlMs` has passed; then the head
 * document's revision is read (one small get) and the entries are reloaded only if it moved. So an import is seen
 * by every worker within `ttlMs` (default 5 s), and a batch costs no storage call in between.
 */
import {
  hostKeys,
  userKey,
  type AssetEntry,
  type DirectoryKind,
  type IdentityEntry,
} from './directory.model.js';
import type { DirectoryStore } from './directory.store.js';

/** Lookup tables built from one revision of a tenant's directories. */
export class DirectoryIndex {
  private readonly hosts = new Map<string, AssetEntry>();
  private readonly users = new Map<string, IdentityEntry>();
  private readonly hostMemo = new Map<string, AssetEntry | null>();
  private readonly userMemo = new Map<string, IdentityEntry | null>();

  constructor(assets: Iterable<AssetEntry>, identities: Iterable<IdentityEntry>) {
    const shorts: [string, AssetEntry][] = [];
    for (const a of assets) {
      const [full, short] = hostKeys(a.host);
      this.hosts.set(full, a);
      if (short) shorts.push([short, a]);
    }
    // A short name answers for an FQDN entry unless an entry of that exact name exists.
    for (const [short, a] of shorts) if (!this.hosts.has(short)) this.hosts.set(short, a);
    for (const i of identities) this.users.set(userKey(i.user), i);
  }

  get size(): { assets: number; identities: number } {
    return { assets: this.hosts.size, identities: this.users.size };
  }

  asset(host: string): AssetEntry | undefined {
    let hit = this.hostMemo.get(host);
    if (hit === undefined) {
      hit = null;
      if (this.hosts.size) for (const k of hostKeys(host)) if ((hit = this.hosts.get(k) ?? null)) break;
      if (this.hostMemo.size > 50_000) this.hostMemo.clear();
      this.hostMemo.set(host, hit);
    }
    return hit ?? undefined;
  }

  identity(user: string): IdentityEntry | undefined {
    let hit = this.userMemo.get(user);
    if (hit === undefined) {
      hit = this.users.size ? (this.users.get(userKey(user)) ?? null) : null;
      if (this.userMemo.size > 50_000) this.userMemo.clear();
      this.userMemo.set(user, hit);
    }
    return hit ?? undefined;
  }
}

interface Entry {
  revisions: Record<DirectoryKind, number>;
  index: DirectoryIndex;
  checkedAt: number;
  pending?: Promise<DirectoryIndex>;
}

export class DirectoryCache {
  private readonly tenants = new Map<string, Entry>();

  constructor(
    private readonly store: DirectoryStore,
    private readonly ttlMs = 5000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The tenant's current lookup tables (at most `ttlMs` old). */
  async index(tenant: string): Promise<DirectoryIndex> {
    const e = this.tenants.get(tenant);
    if (e && this.clock() - e.checkedAt < this.ttlMs) return e.index;
    if (e?.pending) return e.pending;
    const pending = this.refresh(tenant, e);
    if (e) e.pending = pending;
    try {
      return await pending;
    } finally {
      const cur = this.tenants.get(tenant);
      if (cur) cur.pending = undefined;
    }
  }

  /** Forgets a tenant (the next batch reloads it); used after an import in the same process. */
  invalidate(tenant: string): void {
    this.tenants.delete(tenant);
  }

  private async refresh(tenant: string, prev: Entry | undefined): Promise<DirectoryIndex> {
    const [ah, ih] = await Promise.all([
      this.store.head(tenant, 'assets'),
      this.store.head(tenant, 'identities'),
    ]);
    const revisions = { assets: ah?.head.revision ?? 0, identities: ih?.head.revision ?? 0 };
    if (
      prev &&
      prev.revisions.assets === revisions.assets &&
      prev.revisions.identities === revisions.identities
    ) {
      prev.checkedAt = this.clock();
      return prev.index;
    }
    const [assets, identities] = await Promise.all([
      this.store.load(tenant, 'assets'),
      this.store.load(tenant, 'identities'),
    ]);
    const index = new DirectoryIndex(
      assets.entries.values() as Iterable<AssetEntry>,
      identities.entries.values() as Iterable<IdentityEntry>,
    );
    this.tenants.set(tenant, {
      revisions: { assets: assets.revision, identities: identities.revision },
      index,
      checkedAt: this.clock(),
    });
    return index;
  }
}
