/**
 * The rule library: packs of Sigma rules stored in the storage port (scope `_library`, collection `config`), so
 * every API and worker process sees the same rules. The `vigie` pack is synchronised from the repository's
 * `rules/` folder at start-up; other packs are imported folders (e.g. a SigmaHQ clone). A rule's version grows
 * each time its text changes between imports.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import {
  loadRuleSet,
  readRuleFiles,
  type CorrelationRule,
  type Issue,
  type RuleFile,
  type RuleSet,
  type SigmaRule,
} from 'sigma-ts';
import { ErrorCode, VigieError } from '../common/errors.js';
import type { StoragePort } from '../storage/storage.port.js';
import {
  isBaselineFile,
  loadDefinitions,
  type DefinitionSet,
  type LoadedDefinition,
} from '../baselines/definition.loader.js';

/** Storage scope of the library: not a valid tenant name, so no tenant can collide with it. */
export const LIBRARY_SCOPE = '_library';
export const BUILTIN_PACK = 'vigie';
const INDEX_ID = 'rule-pack-index';
const packDocId = (name: string) => `rule-pack:${name}`;

export interface PackSummary {
  name: string;
  revision: number;
  default_enabled: boolean;
  rule_count: number;
  rejected_count: number;
  degraded_count: number;
  imported_at: string;
  imported_by: string;
  source: string;
}

interface PackIndexDoc extends Record<string, unknown> {
  packs: PackSummary[];
}

interface PackDoc extends Record<string, unknown> {
  name: string;
  revision: number;
  files: RuleFile[];
  versions: { id: string; hash: string; version: number }[];
}

export interface CatalogRule {
  id: string;
  name?: string;
  title: string;
  kind: 'detection' | 'correlation' | 'statistical';
  level?: string;
  tags: string[];
  pack: string;
  version: number;
  detection?: SigmaRule;
  correlation?: CorrelationRule;
  /** Baseline detector definition (`baselines/*.yml` of a pack). */
  baseline?: LoadedDefinition;
}

export interface LoadedPack {
  name: string;
  revision: number;
  set: RuleSet;
  baselines: DefinitionSet;
  versions: Map<string, number>;
}

export interface ImportReport {
  pack: string;
  revision: number;
  files: number;
  documents: number;
  rules: number;
  correlations: number;
  rejected: Issue[];
  degraded: Issue[];
  changed: number;
  default_enabled: boolean;
}

function ruleKey(r: SigmaRule | CorrelationRule): string {
  return r.id ?? ('key' in r ? r.key : r.title);
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 16);
}

export class RuleCatalog {
  private readonly packs = new Map<string, LoadedPack>();

  constructor(private readonly storage: StoragePort) {}

  /** The pack index and its storage version token (changes with every import). */
  async index(): Promise<{ packs: PackSummary[]; version: string }> {
    const doc = await this.storage.getDocument<PackIndexDoc>(LIBRARY_SCOPE, 'config', INDEX_ID);
    return { packs: doc?.doc.packs ?? [], version: doc?.version ?? 'none' };
  }

  /** Every pack, parsed (cached by revision). */
  async loadedPacks(): Promise<{ packs: LoadedPack[]; summaries: PackSummary[]; version: string }> {
    const idx = await this.index();
    const out: LoadedPack[] = [];
    for (const s of orderPacks(idx.packs)) {
      const cached = this.packs.get(s.name);
      if (cached && cached.revision === s.revision) {
        out.push(cached);
        continue;
      }
      const doc = await this.storage.getDocument<PackDoc>(LIBRARY_SCOPE, 'config', packDocId(s.name));
      if (!doc) continue;
      const loaded: LoadedPack = {
        name: s.name,
        revision: doc.doc.revision,
        set: loadRuleSet(
          doc.doc.files.filter((f) => !isBaselineFile(f.path)),
          { pipeline: 'ecs' },
        ),
        baselines: loadDefinitions(doc.doc.files.filter((f) => isBaselineFile(f.path))),
        versions: new Map(doc.doc.versions.map((v) => [v.id, v.version])),
      };
      this.packs.set(s.name, loaded);
      out.push(loaded);
    }
    return { packs: out, summaries: idx.packs, version: idx.version };
  }

  /** Every rule of every pack; a rule id already seen in an earlier pack (the `vigie` pack first) is skipped. */
  async rules(): Promise<{ rules: CatalogRule[]; summaries: PackSummary[]; version: string }> {
    const { packs, summaries, version } = await this.loadedPacks();
    return { rules: catalogRules(packs), summaries, version };
  }

  /** Stores a pack (replacing an earlier import of the same name) and reports what loaded. */
  async importPack(
    name: string,
    files: RuleFile[],
    opts: { actor: string; source: string; defaultEnabled?: boolean },
  ): Promise<ImportReport> {
    if (!/^[a-z0-9][a-z0-9_.-]{0,62}$/.test(name)) {
      throw new VigieError(
        ErrorCode.Validation,
        `invalid pack name "${name}" (a-z, 0-9, _ . -, at most 63 characters)`,
      );
    }
    const set = loadRuleSet(
      files.filter((f) => !isBaselineFile(f.path)),
      { pipeline: 'ecs' },
    );
    const baselines = loadDefinitions(files.filter((f) => isBaselineFile(f.path)));
    set.rejected.push(...baselines.rejected.map((r) => ({ path: r.path, id: r.id, reason: r.reason })));
    for (let attempt = 0; ; attempt++) {
      const prevDoc = await this.storage.getDocument<PackDoc>(LIBRARY_SCOPE, 'config', packDocId(name));
      const prevVersions = new Map((prevDoc?.doc.versions ?? []).map((v) => [v.id, v]));
      const versions: PackDoc['versions'] = [];
      let changed = 0;
      const all: (SigmaRule | CorrelationRule)[] = [...set.rules, ...set.correlations];
      for (const r of all) {
        const { path: _p, ...content } = r as SigmaRule & { path: string };
        const hash = hashOf('raw' in content ? content.raw : content);
        const prev = prevVersions.get(ruleKey(r));
        const version = prev ? (prev.hash === hash ? prev.version : prev.version + 1) : 1;
        if (!prev || prev.hash !== hash) changed++;
        versions.push({ id: ruleKey(r), hash, version });
      }
      for (const b of baselines.definitions) {
        const prev = prevVersions.get(b.id);
        const version = prev ? (prev.hash === b.hash ? prev.version : prev.version + 1) : 1;
        if (!prev || prev.hash !== b.hash) changed++;
        versions.push({ id: b.id, hash: b.hash, version });
      }
      if (
        prevDoc &&
        changed === 0 &&
        prevDoc.doc.files.length === files.length &&
        sameFiles(prevDoc.doc.files, files)
      ) {
        return report(
          name,
          prevDoc.doc.revision,
          files,
          set,
          0,
          opts.defaultEnabled ?? name === BUILTIN_PACK,
        );
      }
      const revision = (prevDoc?.doc.revision ?? 0) + 1;
      try {
        await this.storage.putDocument<PackDoc>(
          LIBRARY_SCOPE,
          'config',
          packDocId(name),
          { name, revision, files, versions },
          { ifVersion: prevDoc?.version ?? null },
        );
      } catch (err) {
        if (err instanceof VigieError && err.code === ErrorCode.Conflict && attempt < 3) continue;
        throw err;
      }
      const defaultEnabled = opts.defaultEnabled ?? name === BUILTIN_PACK;
      await this.updateIndex({
        name,
        revision,
        default_enabled: defaultEnabled,
        rule_count: set.rules.length + set.correlations.length + baselines.definitions.length,
        rejected_count: set.rejected.length,
        degraded_count: set.degraded.length,
        imported_at: new Date().toISOString(),
        imported_by: opts.actor,
        source: opts.source,
      });
      return report(name, revision, files, set, changed, defaultEnabled);
    }
  }

  /** Loads the `vigie` pack from the repository's rules folder (no-op when absent or unchanged). */
  async syncBuiltin(dir: string): Promise<ImportReport | undefined> {
    if (!existsSync(dir)) return undefined;
    const files = readFolder(dir).filter((f) => !BUILTIN_DATA_FILES.includes(f.path));
    if (files.length === 0) return undefined;
    return this.importPack(BUILTIN_PACK, files, { actor: 'system', source: 'rules/', defaultEnabled: true });
  }

  private async updateIndex(summary: PackSummary): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const cur = await this.storage.getDocument<PackIndexDoc>(LIBRARY_SCOPE, 'config', INDEX_ID);
      const packs = (cur?.doc.packs ?? []).filter((p) => p.name !== summary.name);
      packs.push(summary);
      try {
        await this.storage.putDocument<PackIndexDoc>(
          LIBRARY_SCOPE,
          'config',
          INDEX_ID,
          { packs },
          { ifVersion: cur?.version ?? null },
        );
        return;
      } catch (err) {
        if (err instanceof VigieError && err.code === ErrorCode.Conflict && attempt < 5) continue;
        throw err;
      }
    }
  }
}

/** Data files of the `rules/` folder that are not rules (see rules/README.md). */
const BUILTIN_DATA_FILES = ['risk-catalogue.yml'];

/** Sigma rule files (`.yml`/`.yaml`, test files excluded) of a folder, with paths relative to it. */
export function readFolder(dir: string): RuleFile[] {
  return readRuleFiles([dir])
    .filter((f) => !/\.tests\.ya?ml$/.test(f.path))
    .map((f) => ({ path: relative(dir, f.path) || f.path, text: f.text }));
}

function sameFiles(a: RuleFile[], b: RuleFile[]): boolean {
  const m = new Map(a.map((f) => [f.path, f.text]));
  return b.every((f) => m.get(f.path) === f.text);
}

function orderPacks(packs: PackSummary[]): PackSummary[] {
  return [...packs].sort((a, b) =>
    a.name === BUILTIN_PACK ? -1 : b.name === BUILTIN_PACK ? 1 : a.name.localeCompare(b.name),
  );
}

export function catalogRules(packs: LoadedPack[]): CatalogRule[] {
  const seen = new Set<string>();
  const out: CatalogRule[] = [];
  for (const p of packs) {
    for (const r of p.set.rules) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push({
        id: r.id,
        name: r.name,
        title: r.title,
        kind: 'detection',
        level: r.level,
        tags: r.tags,
        pack: p.name,
        version: p.versions.get(r.id) ?? 1,
        detection: r,
      });
    }
    for (const c of p.set.correlations) {
      const id = c.id ?? c.key;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({
        id,
        name: c.name,
        title: c.title,
        kind: 'correlation',
        level: c.level,
        tags: [],
        pack: p.name,
        version: p.versions.get(id) ?? 1,
        correlation: c,
      });
    }
    for (const b of p.baselines.definitions) {
      if (seen.has(b.id)) continue;
      seen.add(b.id);
      out.push({
        id: b.id,
        title: b.title,
        kind: 'statistical',
        level: b.level,
        tags: b.tags,
        pack: p.name,
        version: p.versions.get(b.id) ?? 1,
        baseline: b,
      });
    }
  }
  return out;
}

function report(
  name: string,
  revision: number,
  files: RuleFile[],
  set: RuleSet,
  changed: number,
  defaultEnabled: boolean,
): ImportReport {
  return {
    pack: name,
    revision,
    files: files.length,
    documents: set.total,
    rules: set.rules.length,
    correlations: set.correlations.length,
    rejected: set.rejected,
    degraded: set.degraded,
    changed,
    default_enabled: defaultEnabled,
  };
}
