/**
 * Field-by-field comparison of one of our ECS documents with Elastic's expected document, over the core fields.
 * Arrays compare as sets, timestamps as instants (month/day/time only for year-less syslog lines), IPs after
 * normalization (IPv4-mapped IPv6 to IPv4, IPv6 compressed and lower-cased), numbers and numeric strings alike.
 */
import type { EcsDocument } from '../../src/connector.js';
import { getField } from '../../src/util/ecs.js';
import { normalizeIp } from './ip.js';

export const CORE_FIELDS = [
  '@timestamp',
  'event.kind',
  'event.category',
  'event.type',
  'event.outcome',
  'event.action',
  'event.code',
  'source.ip',
  'source.port',
  'destination.ip',
  'destination.port',
  'network.transport',
  'network.direction',
  'user.name',
  'user.domain',
  'host.name',
  'process.pid',
  'process.name',
  'process.executable',
  'process.command_line',
  'process.parent.executable',
  'file.path',
  'url.original',
  'url.domain',
  'url.path',
  'http.request.method',
  'http.response.status_code',
  'user_agent.original',
  'dns.question.name',
  'rule.name',
  'observer.vendor',
  'observer.product',
] as const;

const IP_FIELDS = new Set(['source.ip', 'destination.ip']);

/**
 * Where an expected document states a core fact under an older or sibling ECS name, that name is read when the
 * core one is absent: Elastic's syslog-based pipelines write the host as `host.hostname` only.
 */
const EXPECTED_ALIASES: Record<string, string> = { 'host.name': 'host.hostname' };

export interface Mismatch {
  field: string;
  expected: unknown;
  actual: unknown;
}

/** A core field we emit that the expected document does not have. */
export interface ExtraField {
  field: string;
  actual: unknown;
}

export interface DocComparison {
  /** Core fields the expected document has (and that are not ignored). */
  comparisons: number;
  /** Of those, the ones our document has with the same normalized value. */
  matches: number;
  /** Expected-present fields we lack or hold with another value. */
  mismatches: Mismatch[];
  /** Core fields only we have: reported apart, neither agreement nor disagreement. */
  extras: ExtraField[];
}

/** A BSD syslog timestamp with no year (`<13>Mar  4 10:00:00 …`), whose year Elastic took from its test run. */
const YEARLESS =
  /^(?:<\d{1,3}>)?(?:\d+\s+)?[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}(?:\.\d+)?\s+(?!\d{4}\s)/;

export function isYearless(rawText: string | undefined): boolean {
  return rawText !== undefined && YEARLESS.test(rawText);
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

function scalar(field: string, v: unknown, yearless: boolean): string {
  if (field === '@timestamp') {
    const t = typeof v === 'number' ? v : Date.parse(String(v));
    if (Number.isNaN(t)) return `invalid:${String(v)}`;
    const iso = new Date(t).toISOString();
    return yearless ? iso.slice(5) : iso;
  }
  if (IP_FIELDS.has(field)) return normalizeIp(String(v));
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** Normalized value set of a field: scalars become a one-element set. */
export function normalizeValue(field: string, v: unknown, yearless = false): string[] {
  const values = Array.isArray(v) ? v : [v];
  return [...new Set(values.filter((x) => !isEmpty(x)).map((x) => scalar(field, x, yearless)))].sort();
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function expectedValue(expected: EcsDocument, field: string): unknown {
  const v = getField(expected, field);
  if (!isEmpty(v)) return v;
  const alias = EXPECTED_ALIASES[field];
  return alias ? getField(expected, alias) : v;
}

/**
 * Compares the core fields of two documents (see README.md, "Comparison policy"). A comparison is counted for
 * each core field the expected document has (and that is not ignored); it matches when our document has it with
 * an equal normalized value set, and is a mismatch otherwise (missing or different). A core field only our
 * document has is an *extra*: Elastic not setting a field is not evidence that our value is wrong, so extras
 * are listed and counted apart, never folded into the agreement either way.
 */
export function compareDocs(
  expected: EcsDocument,
  actual: EcsDocument | undefined,
  opts: { ignored?: Set<string>; yearless?: boolean } = {},
): DocComparison {
  const result: DocComparison = { comparisons: 0, matches: 0, mismatches: [], extras: [] };
  for (const field of CORE_FIELDS) {
    if (opts.ignored?.has(field)) continue;
    const exp = expectedValue(expected, field);
    const act = actual === undefined ? undefined : getField(actual, field);
    if (isEmpty(exp)) {
      if (!isEmpty(act)) result.extras.push({ field, actual: act });
      continue;
    }
    result.comparisons++;
    const yearless = field === '@timestamp' && Boolean(opts.yearless);
    if (
      !isEmpty(act) &&
      sameSet(normalizeValue(field, exp, yearless), normalizeValue(field, act, yearless))
    ) {
      result.matches++;
    } else {
      result.mismatches.push({ field, expected: exp, actual: act });
    }
  }
  return result;
}
