/**
 * Internal error for malformed EVTX data. It never escapes the public iterator: the reader
 * catches it at record/chunk boundaries and turns it into an `EvtxIssue`.
 */
export class EvtxFormatError extends Error {
  constructor(
    message: string,
    /** Chunk-relative (or file-relative for the file header) offset where decoding failed. */
    readonly at: number,
  ) {
    super(message);
    this.name = 'EvtxFormatError';
  }
}

export function reasonOf(err: unknown): string {
  if (err instanceof EvtxFormatError) return err.message;
  if (err instanceof RangeError) return `truncated data: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
