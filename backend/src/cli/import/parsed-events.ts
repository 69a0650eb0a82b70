/**
 * Raw evidence files (logs, JSON, EVTX, archives) to ECS events through the connectors — the reading and routing
 * `vigie import` does, without sending anything: used by `vigie sigma scan --source|--auto` to match raw evidence
 * like Hayabusa or Chainsaw do.
 */
import {
  readFileRecords,
  safeParse,
  type Connector,
  type ConnectorOptions,
  type EcsDocument,
} from '@vigie/connectors';
import { fileBytes } from './file-bytes.js';
import { routeRecords } from './record-router.js';
import { sampleSource } from './sample-source.js';

export interface ParsedFile {
  path: string;
  events: EcsDocument[];
  rejects: number;
  connectors: Record<string, number>;
}

export async function parseEvidenceFile(
  path: string,
  connector: Connector | undefined,
  options: ConnectorOptions,
): Promise<ParsedFile> {
  const out: ParsedFile = { path, events: [], rejects: 0, connectors: {} };
  const source = connector?.id ?? (await sampleSource(path));
  const now = new Date();
  for await (const item of routeRecords(readFileRecords(path, fileBytes(path), { source }), { connector })) {
    if (item.kind === 'reject') out.rejects++;
    if (item.kind !== 'record') continue;
    const r = safeParse(item.connector, item.record, { options, now });
    if (r.kind === 'event') {
      out.events.push(r.event);
      out.connectors[item.connector.id] = (out.connectors[item.connector.id] ?? 0) + 1;
    } else if (r.kind === 'reject') out.rejects++;
  }
  return out;
}
