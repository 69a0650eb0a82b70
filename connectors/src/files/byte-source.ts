/**
 * Byte sources: a whole file in memory or an async stream of pieces (a file read stream, a gunzip stream).
 * Helpers to peek at the head without losing it, and to collect a stream when a format needs the whole file.
 */
export type ByteSource = Uint8Array | AsyncIterable<Uint8Array>;

export interface Peeked {
  head: Buffer;
  /** The same bytes as the original source, head included. */
  source: ByteSource;
}

function asBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

/** Reads at least `bytes` bytes (or the whole source when shorter) and returns them with a replayable source. */
export async function peek(source: ByteSource, bytes: number): Promise<Peeked> {
  if (source instanceof Uint8Array) {
    const buf = asBuffer(source);
    return { head: buf.subarray(0, bytes), source: buf };
  }
  const it = source[Symbol.asyncIterator]();
  const pieces: Buffer[] = [];
  let len = 0;
  let done = false;
  let failure: unknown;
  try {
    while (len < bytes) {
      const r = await it.next();
      if (r.done) {
        done = true;
        break;
      }
      const b = asBuffer(r.value);
      pieces.push(b);
      len += b.length;
    }
  } catch (err) {
    // The bytes read before a failure stay usable; the failure comes after them.
    failure = err;
  }
  const first = Buffer.concat(pieces, len);
  if (failure !== undefined) {
    const failed = async function* (): AsyncGenerator<Uint8Array> {
      if (first.length > 0) yield first;
      throw failure;
    };
    return { head: first.subarray(0, bytes), source: failed() };
  }
  if (done) return { head: first.subarray(0, bytes), source: first };
  async function* replay(): AsyncGenerator<Uint8Array> {
    yield first;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head: first.subarray(0, bytes), source: replay() };
}

/** The whole source as one Buffer; fails with a reason past `maxBytes`. */
export async function collect(source: ByteSource, maxBytes: number): Promise<Buffer | { error: string }> {
  if (source instanceof Uint8Array) {
    return source.byteLength > maxBytes
      ? { error: `file of ${source.byteLength} bytes exceeds the ${maxBytes}-byte limit for this format` }
      : asBuffer(source);
  }
  const pieces: Buffer[] = [];
  let len = 0;
  for await (const piece of source) {
    len += piece.byteLength;
    if (len > maxBytes) return { error: `content exceeds the ${maxBytes}-byte limit for this format` };
    pieces.push(asBuffer(piece));
  }
  return Buffer.concat(pieces, len);
}

/** Pieces of a source (a Buffer yields itself). */
export async function* pieces(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  yield* source;
}
