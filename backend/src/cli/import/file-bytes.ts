import { createReadStream } from 'node:fs';

/** A file's bytes as a stream of pieces, reporting each piece's size (for byte progress). */
export async function* fileBytes(path: string, onBytes?: (n: number) => void): AsyncGenerator<Uint8Array> {
  for await (const piece of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    onBytes?.((piece as Buffer).length);
    yield piece as Buffer;
  }
}
