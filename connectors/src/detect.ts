/**
 * Auto-detection: which connector a sample of records belongs to. Every registered connector's `detect()` scores
 * each record of the sample; a connector's confidence is its average score over the sample, and the highest wins.
 * The generic formats (`syslog`, `cef`, `leef`, `kv`, `json`) score low on purpose, so they win only when no
 * specific connector recognises the records.
 */
import type { Connector, RawRecord } from './connector.js';
import { connectors as registered } from './registry.js';

export interface Detection {
  id: string;
  confidence: number;
  alternatives: { id: string; confidence: number }[];
}

/** Records scored at most (the head of the sample). */
export const DETECT_SAMPLE_SIZE = 20;

function safeDetect(c: Connector, raw: RawRecord): number {
  try {
    const v = c.detect(raw);
    return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
  } catch {
    return 0;
  }
}

export function detectConnector(
  sample: RawRecord | RawRecord[],
  opts: { connectors?: readonly Connector[]; sampleSize?: number } = {},
): Detection {
  const records = (Array.isArray(sample) ? sample : [sample])
    .filter((r) => !(typeof r === 'string' && r.trim() === ''))
    .slice(0, opts.sampleSize ?? DETECT_SAMPLE_SIZE);
  const pool = opts.connectors ?? registered;
  if (records.length === 0) return { id: 'unknown', confidence: 0, alternatives: [] };
  const scored = pool
    .map((c) => ({
      id: c.id,
      confidence: records.reduce((sum, r) => sum + safeDetect(c, r), 0) / records.length,
    }))
    .filter((s) => s.confidence > 0)
    .sort((a, b) => b.confidence - a.confidence || a.id.localeCompare(b.id));
  if (scored.length === 0) return { id: 'unknown', confidence: 0, alternatives: [] };
  const [best, ...rest] = scored;
  return {
    id: best.id,
    confidence: Math.round(best.confidence * 1000) / 1000,
    alternatives: rest
      .slice(0, 5)
      .map((a) => ({ id: a.id, confidence: Math.round(a.confidence * 1000) / 1000 })),
  };
}
