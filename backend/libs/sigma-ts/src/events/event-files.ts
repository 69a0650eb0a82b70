/** Reading event files for scans: .json/.ndjson/.jsonl files and directories walked for them. */
import { readFileSync } from 'node:fs';
import { listFiles } from '../loader/files.js';
import { parseEventStream } from './event-stream.js';

export interface EventFile {
  path: string;
  events: unknown[];
}

export type EventFileResult = { ok: true; file: EventFile } | { ok: false; path: string; reason: string };

export function listEventFiles(paths: string[]): string[] {
  return listFiles(paths, ['.json', '.ndjson', '.jsonl']);
}

export function readEventFile(path: string): EventFileResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, path, reason: (e as Error).message };
  }
  const r = parseEventStream(text);
  return r.ok ? { ok: true, file: { path, events: r.events } } : { ok: false, path, reason: r.reason };
}
