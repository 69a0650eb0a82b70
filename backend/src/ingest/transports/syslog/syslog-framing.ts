/**
 * Syslog framing over streams (RFC 6587, also used by RFC 5425 TLS) and datagrams (RFC 5426).
 *
 * A TCP/TLS connection uses one framing, detected on its first frame: octet-counting (`<len> <msg>`, the first byte
 * is a digit 1-9 followed by up to 9 digits and a space) or non-transparent framing (messages ended by LF; NUL and
 * CRLF are tolerated). Frames longer than the limit are rejected with a reason and skipped without losing the
 * framing of what follows.
 */

export interface FrameReject {
  /** The start of the refused frame (at most 1 KiB), for the dead-letter store. */
  raw: string;
  reason: string;
}

export interface DecodedFrames {
  frames: string[];
  rejects: FrameReject[];
  /** Bytes consumed into frames and rejects. */
  bytes: number;
}

export type Framing = 'octet-counting' | 'non-transparent';

const SPACE = 0x20;
const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const RAW_SAMPLE = 1024;

const sample = (b: Buffer) => b.subarray(0, RAW_SAMPLE).toString('utf8');

function stripTrailer(b: Buffer): Buffer {
  let end = b.length;
  while (end > 0 && (b[end - 1] === LF || b[end - 1] === CR || b[end - 1] === NUL)) end--;
  return b.subarray(0, end);
}

/** One UDP datagram is one message; a trailing LF/CRLF/NUL is not part of it. */
export function decodeDatagram(
  datagram: Buffer,
  maxFrameBytes: number,
): { frame?: string; reject?: FrameReject } {
  const body = stripTrailer(datagram);
  if (body.length === 0) return {};
  if (body.length > maxFrameBytes) {
    return {
      reject: {
        raw: sample(body),
        reason: `syslog datagram of ${body.length} bytes exceeds the ${maxFrameBytes}-byte frame limit`,
      },
    };
  }
  return { frame: body.toString('utf8') };
}

/**
 * Octet-counting header at the start of `buf`: the length, the header size, or `undefined` when more bytes are
 * needed, or `null` when the bytes cannot be such a header.
 */
function octetHeader(buf: Buffer): { length: number; headerBytes: number } | undefined | null {
  if (buf.length === 0) return undefined;
  if (buf[0] < 0x31 || buf[0] > 0x39) return null;
  let i = 1;
  while (i < buf.length && i < 11 && buf[i] >= 0x30 && buf[i] <= 0x39) i++;
  if (i === buf.length) return i < 11 ? undefined : null;
  if (buf[i] !== SPACE) return null;
  return { length: Number(buf.subarray(0, i).toString('latin1')), headerBytes: i + 1 };
}

/** Incremental decoder for one TCP/TLS connection. */
export class SyslogStreamDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private mode: Framing | undefined;
  /** Bytes of an oversize octet-counted frame still to skip. */
  private skipBytes = 0;
  /** Skipping the rest of an oversize LF-framed message. */
  private skipLine = false;

  constructor(private readonly maxFrameBytes: number) {}

  get framing(): Framing | undefined {
    return this.mode;
  }

  push(chunk: Buffer): DecodedFrames {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: DecodedFrames = { frames: [], rejects: [], bytes: 0 };
    for (;;) {
      if (this.skipBytes > 0) {
        const n = Math.min(this.skipBytes, this.buf.length);
        this.skipBytes -= n;
        this.consume(n, out);
        if (this.skipBytes > 0) break;
        continue;
      }
      if (this.skipLine) {
        const end = this.delimiterIndex();
        if (end < 0) {
          this.consume(this.buf.length, out);
          break;
        }
        this.consume(end + 1, out);
        this.skipLine = false;
        continue;
      }
      // Trailers between frames (LF after an octet-counted frame, CRLF, NUL, blank lines).
      let lead = 0;
      while (
        lead < this.buf.length &&
        (this.buf[lead] === LF || this.buf[lead] === CR || this.buf[lead] === NUL)
      )
        lead++;
      if (lead) this.consume(lead, out);
      if (this.buf.length === 0) break;
      if (this.mode === undefined) {
        const h = octetHeader(this.buf);
        if (h === undefined) break;
        this.mode = h === null ? 'non-transparent' : 'octet-counting';
      }
      if (this.mode === 'octet-counting' ? !this.nextOctetFrame(out) : !this.nextLineFrame(out)) break;
    }
    return out;
  }

  /** The connection ended: an unterminated LF frame is still a message; a cut octet-counted frame is rejected. */
  end(): DecodedFrames {
    const out: DecodedFrames = { frames: [], rejects: [], bytes: 0 };
    const rest = stripTrailer(this.buf);
    if (rest.length && !this.skipLine && this.skipBytes === 0) {
      const h = this.mode === 'octet-counting' ? octetHeader(this.buf) : null;
      if (h) {
        out.rejects.push({
          raw: sample(rest),
          reason: `connection closed inside an octet-counted frame of ${h.length} bytes`,
        });
      } else if (rest.length > this.maxFrameBytes) {
        out.rejects.push({
          raw: sample(rest),
          reason: `syslog frame longer than the ${this.maxFrameBytes}-byte frame limit`,
        });
      } else {
        out.frames.push(rest.toString('utf8'));
      }
    }
    out.bytes = this.buf.length;
    this.buf = Buffer.alloc(0);
    return out;
  }

  private consume(n: number, out: DecodedFrames): void {
    this.buf = this.buf.subarray(n);
    out.bytes += n;
  }

  private delimiterIndex(): number {
    const lf = this.buf.indexOf(LF);
    const nul = this.buf.indexOf(NUL);
    return lf < 0 ? nul : nul < 0 ? lf : Math.min(lf, nul);
  }

  /** Returns false when more bytes are needed. */
  private nextOctetFrame(out: DecodedFrames): boolean {
    const h = octetHeader(this.buf);
    if (h === undefined) return false;
    if (h === null) {
      // Framing error: take the bytes up to the next LF as one refused frame and resynchronise after it.
      const end = this.delimiterIndex();
      if (end < 0 && this.buf.length <= this.maxFrameBytes) return false;
      const bad = end < 0 ? this.buf : this.buf.subarray(0, end);
      out.rejects.push({
        raw: sample(bad),
        reason: 'octet-counting framing error: expected "<length> <message>"',
      });
      if (end < 0) {
        this.consume(this.buf.length, out);
        this.skipLine = true;
      } else this.consume(end + 1, out);
      return true;
    }
    if (h.length > this.maxFrameBytes) {
      const have = this.buf.subarray(h.headerBytes, h.headerBytes + RAW_SAMPLE);
      out.rejects.push({
        raw: sample(have),
        reason: `syslog frame of ${h.length} bytes exceeds the ${this.maxFrameBytes}-byte frame limit`,
      });
      this.consume(h.headerBytes, out);
      this.skipBytes = h.length;
      return true;
    }
    if (this.buf.length < h.headerBytes + h.length) return false;
    const frame = stripTrailer(this.buf.subarray(h.headerBytes, h.headerBytes + h.length));
    if (frame.length) out.frames.push(frame.toString('utf8'));
    this.consume(h.headerBytes + h.length, out);
    return true;
  }

  private nextLineFrame(out: DecodedFrames): boolean {
    const end = this.delimiterIndex();
    if (end < 0) {
      if (this.buf.length > this.maxFrameBytes) {
        out.rejects.push({
          raw: sample(this.buf),
          reason: `syslog frame longer than the ${this.maxFrameBytes}-byte frame limit`,
        });
        this.consume(this.buf.length, out);
        this.skipLine = true;
        return true;
      }
      return false;
    }
    const frame = stripTrailer(this.buf.subarray(0, end));
    if (frame.length > this.maxFrameBytes) {
      out.rejects.push({
        raw: sample(frame),
        reason: `syslog frame of ${frame.length} bytes exceeds the ${this.maxFrameBytes}-byte frame limit`,
      });
    } else if (frame.length) out.frames.push(frame.toString('utf8'));
    this.consume(end + 1, out);
    return true;
  }
}
