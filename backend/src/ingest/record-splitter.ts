import { gunzipSync } from 'node:zlib';
import { ErrorCode, VigieError } from '../common/errors.js';

export interface SplitResult {
  records: { index: number; record: string }[];
  rejected: { index: number; raw: string; reason: string }[];
}

/** Longest accepted record; longer lines are rejected with a reason instead of stalling a batch. */
export const MAX_RECORD_BYTES = 1024 * 1024;

/**
 * Decodes a body to text. `Content-Encoding: gzip` is inflated by the HTTP layer; a body that still starts with
 * the gzip magic bytes (a .gz file sent as is) is inflated here. The size limit applies after inflation.
 */
export function decodeBody(body: Buffer, maxBytes: number): string {
  const gz = body.length > 2 && body[0] === 0x1f && body[1] === 0x8b;
  let raw = body;
  if (gz) {
    try {
      raw = gunzipSync(body, { maxOutputLength: maxBytes });
    } catch (err) {
      const tooBig = /maxOutputLength|Cannot create a Buffer larger|buffer length/i.test(
        (err as Error).message,
      );
      throw new VigieError(
        tooBig ? ErrorCode.PayloadTooLarge : ErrorCode.Validation,
        tooBig
          ? `gzip body inflates past the ${maxBytes}-byte limit`
          : `body is not valid gzip: ${(err as Error).message}`,
      );
    }
  }
  if (raw.length > maxBytes) {
    throw new VigieError(
      ErrorCode.PayloadTooLarge,
      `body of ${raw.length} bytes exceeds the ${maxBytes}-byte limit`,
    );
  }
  return raw.toString('utf8');
}

/**
 * Splits a body into records: one per line (CRLF or LF). With NDJSON (`application/x-ndjson`) every line must be
 * a JSON object; a line that is not is rejected with the parser's reason while the other lines go on. Empty
 * lines are ignored; over-long lines are rejected.
 */
export function splitRecords(text: string, ndjson: boolean): SplitResult {
  const out: SplitResult = { records: [], rejected: [] };
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    if (Buffer.byteLength(line) > MAX_RECORD_BYTES) {
      out.rejected.push({
        index,
        raw: line.slice(0, 1024),
        reason: `record longer than ${MAX_RECORD_BYTES} bytes`,
      });
      return;
    }
    if (ndjson) {
      try {
        const value = JSON.parse(line);
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          out.rejected.push({ index, raw: line, reason: 'NDJSON line is not a JSON object' });
          return;
        }
      } catch (err) {
        out.rejected.push({ index, raw: line, reason: `invalid JSON: ${(err as Error).message}` });
        return;
      }
    }
    out.records.push({ index, record: line });
  });
  return out;
}
