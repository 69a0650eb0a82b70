/**
 * A first look at the head of a file, for auto-detection: when the file (or its first archive member) is plain
 * text, the connector its first records belong to — so that its multiline joining applies on the real read.
 */
import { detectConnector } from '@vigie/connectors';
import { readFileRecords } from '@vigie/connectors';
import { fileBytes } from './file-bytes.js';
import { MIN_CONFIDENCE, SAMPLE_RECORDS } from './record-router.js';

export async function sampleSource(path: string): Promise<string | undefined> {
  const sample: (string | Record<string, unknown>)[] = [];
  const items = readFileRecords(path, fileBytes(path));
  try {
    for await (const it of items) {
      if (it.kind === 'format') {
        if (it.format !== 'lines' || sample.length > 0) break;
      } else if (it.kind === 'record') {
        sample.push(it.record);
        if (sample.length >= SAMPLE_RECORDS) break;
      }
    }
  } finally {
    await items.return(undefined);
  }
  if (sample.length === 0) return undefined;
  const d = detectConnector(sample, { sampleSize: SAMPLE_RECORDS });
  return d.confidence >= MIN_CONFIDENCE ? d.id : undefined;
}
