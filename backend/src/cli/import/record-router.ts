/**
 * Routes the records of a file to connectors. With a fixed source every record goes to it. With auto-detection,
 * text files are detected once per file (or archive member) on a sample of their first records; JSON, NDJSON
 * and EVTX files — which often mix event types, like the OTRF datasets mixing Security, Sysmon and PowerShell
 * records — are routed record by record, first among the connectors already seen in the file, then among all.
 */
import { detectConnector, getConnector, type Connector, type RawRecord } from '@vigie/connectors';
import type { FileFormat, FileItem } from '@vigie/connectors';

/** Below this confidence a record is left unrouted rather than guessed (same floor as the pipeline). */
export const MIN_CONFIDENCE = 0.3;
/** Records sampled from the head of a text member to detect its source. */
export const SAMPLE_RECORDS = 50;

export type RoutedItem =
  | {
      kind: 'member';
      member: string;
      format: FileFormat;
      connector?: string;
      confidence?: number;
      mode: 'fixed' | 'sample' | 'per-record';
    }
  | {
      kind: 'record';
      position: number;
      record: RawRecord;
      member: string;
      line?: number;
      connector: Connector;
    }
  | {
      kind: 'reject';
      position: number;
      raw: string;
      reason: string;
      member: string;
      line?: number;
      connector?: Connector;
    };

type Rec = Extract<FileItem, { kind: 'record' }>;

function rawText(record: RawRecord): string {
  return typeof record === 'string' ? record : JSON.stringify(record);
}

const unrouted = (r: Rec, detail: string): RoutedItem => ({
  kind: 'reject',
  position: r.position,
  raw: rawText(r.record).slice(0, 4096),
  reason: `no connector recognises this record (source auto${detail})`,
  member: r.member,
  line: r.line,
});

/** Per-record detection, trying the connectors already seen first (cheap), then all of them. */
class PerRecordDetector {
  private readonly seen: Connector[] = [];
  detect(record: RawRecord): { connector?: Connector; confidence: number } {
    if (this.seen.length > 0) {
      const d = detectConnector(record, { connectors: this.seen, sampleSize: 1 });
      if (d.confidence >= MIN_CONFIDENCE) {
        // A specific connector seen earlier may still be beaten by one not seen yet only when it scores low.
        if (d.confidence >= 0.8) return { connector: getConnector(d.id), confidence: d.confidence };
      }
    }
    const d = detectConnector(record, { sampleSize: 1 });
    if (d.confidence < MIN_CONFIDENCE) return { confidence: d.confidence };
    const c = getConnector(d.id);
    if (c && !this.seen.includes(c)) this.seen.push(c);
    return { connector: c, confidence: d.confidence };
  }
}

export interface RouteOptions {
  /** Fixed connector; undefined means auto-detection. */
  connector?: Connector;
  /** Called when a member's source is decided (for `--auto` messages). */
  onDetect?: (
    member: string,
    connector: string | undefined,
    confidence: number,
    mode: 'sample' | 'per-record',
  ) => void;
}

export async function* routeRecords(
  items: AsyncIterable<FileItem>,
  opts: RouteOptions,
): AsyncGenerator<RoutedItem> {
  const fixed = opts.connector;
  let member: { name: string; format: FileFormat } | undefined;
  let sample: Rec[] = [];
  let decided: { connector?: Connector; confidence: number } | undefined;
  let perRecord: PerRecordDetector | undefined;

  const decideSample = function* (): Generator<RoutedItem> {
    if (!member) return;
    const d =
      sample.length > 0
        ? detectConnector(
            sample.map((r) => r.record),
            { sampleSize: SAMPLE_RECORDS },
          )
        : { id: 'unknown', confidence: 0 };
    decided = {
      connector: d.confidence >= MIN_CONFIDENCE ? getConnector(d.id) : undefined,
      confidence: d.confidence,
    };
    opts.onDetect?.(
      member.name,
      decided.connector?.id ?? (d.id === 'unknown' ? undefined : `${d.id} (too uncertain)`),
      d.confidence,
      'sample',
    );
    yield {
      kind: 'member',
      member: member.name,
      format: member.format,
      connector: decided.connector?.id,
      confidence: d.confidence,
      mode: 'sample',
    };
    for (const r of sample) yield* emit(r);
    sample = [];
  };
  const emit = function* (r: Rec): Generator<RoutedItem> {
    if (fixed) yield { ...r, connector: fixed };
    else if (perRecord) {
      const d = perRecord.detect(r.record);
      yield d.connector ? { ...r, connector: d.connector } : unrouted(r, `, best confidence ${d.confidence}`);
    } else if (decided?.connector) yield { ...r, connector: decided.connector };
    else yield unrouted(r, `: the file's sample matched no connector with confidence ≥ ${MIN_CONFIDENCE}`);
  };
  const closeMember = function* (): Generator<RoutedItem> {
    if (member && !fixed && !perRecord && !decided) yield* decideSample();
  };

  for await (const item of items) {
    if (item.kind === 'format') {
      yield* closeMember();
      member = { name: item.member, format: item.format };
      sample = [];
      decided = undefined;
      perRecord = undefined;
      if (fixed)
        yield {
          kind: 'member',
          member: item.member,
          format: item.format,
          connector: fixed.id,
          mode: 'fixed',
        };
      else if (item.format !== 'lines') {
        perRecord = new PerRecordDetector();
        opts.onDetect?.(item.member, undefined, 0, 'per-record');
        yield { kind: 'member', member: item.member, format: item.format, mode: 'per-record' };
      }
      continue;
    }
    if (item.kind === 'reject') {
      yield { ...item, connector: fixed ?? decided?.connector };
      continue;
    }
    if (!fixed && !perRecord && !decided) {
      sample.push(item);
      if (sample.length >= SAMPLE_RECORDS) yield* decideSample();
      continue;
    }
    yield* emit(item);
  }
  yield* closeMember();
}
