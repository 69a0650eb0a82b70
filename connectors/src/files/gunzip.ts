/**
 * Streaming gunzip that keeps what it inflated before a failure: the pieces come out as they are inflated, and
 * a truncated or corrupt stream ends with the error *after* them (a plain `for await` over a zlib stream drops
 * its buffered output when the stream errors).
 */
import { once } from 'node:events';
import { createGunzip } from 'node:zlib';
import { pieces, type ByteSource } from './byte-source.js';

/** A gzip failure, its message already naming the compressed file (`x.log.gz: gzip: unexpected end of file`). */
export class GzipError extends Error {}

export async function* gunzipPieces(source: ByteSource, name = 'gzip'): AsyncGenerator<Uint8Array> {
  const gz = createGunzip();
  const queue: Buffer[] = [];
  let error: Error | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  gz.on('data', (b: Buffer) => {
    queue.push(b);
    if (queue.length >= 16) gz.pause();
    signal();
  });
  gz.on('error', (e: Error) => {
    error = e;
    signal();
  });
  gz.on('end', () => {
    ended = true;
    signal();
  });
  void (async () => {
    try {
      for await (const p of pieces(source)) {
        if (error) return;
        if (!gz.write(p)) await once(gz, 'drain');
      }
      gz.end();
    } catch (e) {
      error ??= e as Error;
      signal();
    }
  })();
  try {
    for (;;) {
      if (queue.length > 0) {
        const b = queue.shift()!;
        if (queue.length < 4 && gz.isPaused()) gz.resume();
        yield b;
        continue;
      }
      if (error) throw new GzipError(`${name}: gzip: ${error.message}`);
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    if (!ended) gz.destroy();
  }
}
