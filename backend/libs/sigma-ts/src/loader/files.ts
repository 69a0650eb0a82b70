/** Reading rule files from disk: files and directories (walked for .yml/.yaml), sorted for stable order. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleFile } from './ruleset.loader.js';

export function listFiles(paths: string[], exts: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p).sort()) walk(join(p, e));
    } else if (exts.some((x) => p.toLowerCase().endsWith(x))) out.push(p);
  };
  for (const p of paths) walk(p);
  return out;
}

export function readRuleFiles(paths: string[]): RuleFile[] {
  return listFiles(paths, ['.yml', '.yaml'])
    .filter((p) => !p.endsWith('.tests.yml') && !p.endsWith('.tests.yaml'))
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}
