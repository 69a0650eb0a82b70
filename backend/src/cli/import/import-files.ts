/**
 * File import through the ingest use-case: reads each file's records (any supported format), routes them to
 * connectors, and sends them in chunks with `VigieClient.ingestRecords` under the file's deterministic delivery
 * id, so a re-import stores nothing twice. Reader and routing rejects are dead-lettered with their reason.
 */
import type { Connector, ConnectorOptions, RawRecord } from '@vigie/connectors';
import { ErrorCode, VigieError } from '../../common/errors.js';
import type { VigieClient } from '../vigie-client.js';
import { readFileRecords } from '@vigie/connectors';
import { fileDeliveryId } from './delivery-id.js';
import { fileBytes } from './file-bytes.js';
import { routeRecords } from './record-router.js';
import { sampleSource } from './sample-source.js';
import type { InputFile } from './walk-inputs.js';

export interface ImportOptions {
  tenant: string;
  /** Fixed connector, or undefined for auto-detection. */
  connector?: Connector;
  options: ConnectorOptions;
  /** Records per ingest call (default 2000). */
  chunkRecords?: number;
  onBytes?: (n: number) => void;
  onRecords?: (n: number) => void;
  onDetect?: (
    file: string,
    member: string,
    connector: string | undefined,
    confidence: number,
    mode: string,
  ) => void;
}

export interface FileSummary {
  file: string;
  bytes: number;
  delivery_id: string;
  /** Records sent to the pipeline (parse rejects, if any, are dead-lettered there). */
  records: number;
  /** Records that could not be read or routed (dead-lettered with their reason). */
  rejects: number;
  /** Records per connector. */
  connectors: Record<string, number>;
  members: number;
  /** First reasons seen, for the summary. */
  reasons: string[];
}

interface Group {
  records: { position: number; record: RawRecord }[];
  rejected: { position: number; raw: string; reason: string }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function send(client: VigieClient, cmd: Parameters<VigieClient['ingestRecords']>[0]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await client.ingestRecords(cmd);
      return;
    } catch (err) {
      const full =
        (err instanceof VigieError && err.code === ErrorCode.Backpressure) ||
        /^429 /.test((err as Error).message);
      if (!full || attempt >= 120) throw err;
      if (client.mode === 'local') await client.settle();
      else await sleep(1000);
    }
  }
}

export async function importFile(
  client: VigieClient,
  file: InputFile,
  opts: ImportOptions,
): Promise<FileSummary> {
  const deliveryId = fileDeliveryId(file);
  const summary: FileSummary = {
    file: file.path,
    bytes: file.size,
    delivery_id: deliveryId,
    records: 0,
    rejects: 0,
    connectors: {},
    members: 0,
    reasons: [],
  };
  const chunk = opts.chunkRecords ?? 2000;
  // Multiline sources need their id before reading; with auto-detection, a first look at the head decides.
  const source = opts.connector?.id ?? (await sampleSource(file.path));
  const groups = new Map<string, Group>();
  const flush = async (key: string): Promise<void> => {
    const g = groups.get(key);
    if (!g || (g.records.length === 0 && g.rejected.length === 0)) return;
    groups.delete(key);
    await send(client, {
      tenant: opts.tenant,
      source: key,
      records: g.records,
      rejected: g.rejected,
      deliveryId,
      options: opts.options,
    });
    opts.onRecords?.(g.records.length + g.rejected.length);
  };
  const items = readFileRecords(file.path, fileBytes(file.path, opts.onBytes), { source });
  const routed = routeRecords(items, {
    connector: opts.connector,
    onDetect: (member, id, confidence, mode) => opts.onDetect?.(file.path, member, id, confidence, mode),
  });
  for await (const it of routed) {
    if (it.kind === 'member') {
      summary.members++;
      continue;
    }
    const key = it.connector?.id ?? 'auto';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { records: [], rejected: [] }));
    if (it.kind === 'record') {
      g.records.push({ position: it.position, record: it.record });
      summary.records++;
      summary.connectors[key] = (summary.connectors[key] ?? 0) + 1;
    } else {
      g.rejected.push({ position: it.position, raw: it.raw, reason: it.reason });
      summary.rejects++;
      if (summary.reasons.length < 5 && !summary.reasons.includes(it.reason)) summary.reasons.push(it.reason);
    }
    if (g.records.length + g.rejected.length >= chunk) await flush(key);
  }
  for (const key of [...groups.keys()]) await flush(key);
  return summary;
}
