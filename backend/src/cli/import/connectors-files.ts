/**
 * Access to the connectors' file-record API (`connectors/src/files`). `@vigie/connectors` is expected to export it
 * from its index (`export * from './files/index.js'`); until it does, the module is loaded from its source path.
 * The types below mirror `connectors/src/files/file-records.ts`.
 */
import * as connectorsApi from '@vigie/connectors';
import type { RawRecord } from '@vigie/connectors';

export type FileFormat = 'lines' | 'ndjson' | 'json' | 'evtx';

export interface FileRecordOptions {
  source?: string;
  multiline?: RegExp | false;
  maxRecordBytes?: number;
  maxDocumentBytes?: number;
}

export type FileItem =
  | { kind: 'format'; member: string; format: FileFormat }
  | { kind: 'record'; position: number; record: RawRecord; member: string; line?: number }
  | { kind: 'reject'; position: number; raw: string; reason: string; member: string; line?: number };

export interface FilesApi {
  readFileRecords(name: string, source: Uint8Array | AsyncIterable<Uint8Array>, options?: FileRecordOptions): AsyncGenerator<FileItem>;
  multilinePatternFor(connectorId: string | undefined): RegExp | undefined;
  writeZip(entries: { name: string; data: Uint8Array | string }[]): Buffer;
}

let api: Promise<FilesApi> | undefined;

export function filesApi(): Promise<FilesApi> {
  api ??= (async () => {
    const exported = connectorsApi as unknown as Partial<FilesApi>;
    if (typeof exported.readFileRecords === 'function') return exported as FilesApi;
    const url = new URL('../../../../connectors/src/files/index.ts', import.meta.url).href;
    return (await import(url)) as FilesApi;
  })();
  return api;
}
