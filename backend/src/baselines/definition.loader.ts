/**
 * Loads baseline definitions from YAML files: each file is parsed and validated (zod, then the model's own
 * parameter check and the filter's compilation); a bad definition is rejected with its reason and the others load.
 */
import { createHash } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import { definitionSchema, type BaselineDefinition } from './definition.schema.js';
import { compileFilters } from './filter.js';
import { modelFor } from './models/index.js';

export interface DefinitionFile {
  path: string;
  text: string;
}

export interface LoadedDefinition extends BaselineDefinition {
  path: string;
  /** Hash of the definition's content: versions grow when it changes. */
  hash: string;
}

export interface DefinitionSet {
  definitions: LoadedDefinition[];
  rejected: { path: string; id?: string; reason: string }[];
}

/** True for files the baseline loader owns (`baselines/` folder of a rule pack). */
export function isBaselineFile(path: string): boolean {
  return /(^|[\\/])baselines[\\/][^\\/]+\.ya?ml$/.test(path) && !/README/i.test(path);
}

export function loadDefinitions(files: DefinitionFile[]): DefinitionSet {
  const out: DefinitionSet = { definitions: [], rejected: [] };
  const seen = new Set<string>();
  for (const f of files) {
    let docs;
    try {
      docs = parseAllDocuments(f.text);
    } catch (err) {
      out.rejected.push({ path: f.path, reason: `YAML: ${(err as Error).message}` });
      continue;
    }
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
      if (doc.errors.length) {
        out.rejected.push({ path: f.path, reason: `YAML: ${doc.errors[0].message}` });
        continue;
      }
      const raw = doc.toJS() as unknown;
      if (raw === null || raw === undefined) continue;
      const id = typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
      const parsed = definitionSchema.safeParse(raw);
      if (!parsed.success) {
        const reason = parsed.error.issues
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; ');
        out.rejected.push({ path: f.path, id, reason });
        continue;
      }
      const def = parsed.data;
      if (seen.has(def.id)) {
        out.rejected.push({ path: f.path, id: def.id, reason: `duplicate detector id "${def.id}"` });
        continue;
      }
      const problem = modelFor(def.model.type).validate(def) ?? compileFilters([def]).rejected[0]?.reason;
      if (problem) {
        out.rejected.push({ path: f.path, id: def.id, reason: problem });
        continue;
      }
      seen.add(def.id);
      const hash = createHash('sha256').update(JSON.stringify(def)).digest('base64url').slice(0, 16);
      out.definitions.push({ ...def, path: f.path, hash });
    }
  }
  return out;
}
