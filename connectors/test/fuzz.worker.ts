/**
 * Child process of the fuzz test for the 1 MB records: a parser stuck in catastrophic backtracking cannot be
 * interrupted in-process, so the parent feeds the cases on stdin (one JSON line each), reads one JSON result line
 * per case on stdout, and kills this process when a case overruns its bound.
 *
 *   node --import tsx test/fuzz.worker.ts   (stdin: {"i":0,"id":"cisco-asa","seed":"…","kind":1}\n…)
 */
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { getConnector } from '../src/registry.js';

export const HUGE_BYTES = 1024 * 1024;
export const HUGE_KINDS = 3;

/** A 1 MB record built from a seed: the seed repeated, a 1 MB run inside it, or a 1 MB quoted value with escapes. */
export function hugeRecord(seed: string, kind: number, target = HUGE_BYTES): string {
  if (kind === 0) return (seed + ' ').repeat(Math.ceil(target / (seed.length + 1))).slice(0, target);
  if (kind === 1)
    return seed.slice(0, Math.max(1, seed.length >> 1)) + 'A'.repeat(target) + seed.slice(seed.length >> 1);
  return seed + ' x="' + 'a\\"'.repeat(Math.floor(target / 3)) + '"';
}

export interface HugeCase {
  i: number;
  id: string;
  seed: string;
  kind: number;
}

export interface HugeResult {
  i: number;
  ms: number;
  outcome?: string;
  reason?: string;
  threw?: string;
  serialisable?: boolean;
}

const NOW = new Date('2025-06-01T12:00:00Z');

function runCase(c: HugeCase): HugeResult {
  const connector = getConnector(c.id);
  if (!connector) return { i: c.i, ms: 0, threw: `unknown connector ${c.id}` };
  const record = hugeRecord(c.seed, c.kind);
  const t0 = performance.now();
  try {
    const o = connector.parse(record, { options: {}, now: NOW });
    const ms = performance.now() - t0;
    let serialisable = true;
    if (o.kind === 'event') {
      try {
        JSON.stringify(o.event);
      } catch {
        serialisable = false;
      }
    }
    return { i: c.i, ms, outcome: o.kind, reason: o.kind === 'event' ? undefined : o.reason, serialisable };
  } catch (err) {
    return { i: c.i, ms: performance.now() - t0, threw: (err as Error)?.message ?? String(err) };
  }
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    if (!line.trim()) continue;
    const res = runCase(JSON.parse(line) as HugeCase);
    if (res.reason !== undefined && res.reason.length > 300) res.reason = res.reason.slice(0, 300);
    process.stdout.write(JSON.stringify(res) + '\n');
  }
}
