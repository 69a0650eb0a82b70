import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';

/** Why a body could not be read; each transport answers it in its own protocol's error format. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/**
 * Reads a request body into a Buffer, inflating `Content-Encoding: gzip|deflate` as it streams, and stops as soon
 * as the inflated size passes `maxBytes` (413). Rejects with a BodyError; never throws anything else.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  let inflater: Gunzip | Inflate | undefined;
  if (encoding === 'gzip' || encoding === 'x-gzip') inflater = createGunzip();
  else if (encoding === 'deflate') inflater = createInflate();
  else if (encoding !== 'identity' && encoding !== '') {
    return Promise.reject(
      new BodyError(415, `unsupported Content-Encoding "${encoding}" (gzip, deflate or none)`),
    );
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (err: BodyError) => {
      if (done) return;
      done = true;
      req.unpipe();
      req.resume();
      inflater?.destroy();
      reject(err);
    };
    const source = inflater ? req.pipe(inflater) : req;
    source.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        fail(
          new BodyError(413, `body exceeds the ${maxBytes}-byte limit${inflater ? ' once inflated' : ''}`),
        );
        return;
      }
      chunks.push(chunk);
    });
    source.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, size));
    });
    source.on('error', (err: Error) =>
      fail(new BodyError(400, `cannot read the ${encoding} body: ${err.message}`)),
    );
    if (inflater)
      req.on('error', (err: Error) => fail(new BodyError(400, `request stream error: ${err.message}`)));
  });
}
