import { describe, expect, it } from 'vitest';
import { decodeDatagram, SyslogStreamDecoder } from './syslog-framing.js';

const msg1 = '<34>1 2024-05-01T10:00:00Z web01 sshd 1234 - - Accepted password for bob';
const msg2 = '<13>May  1 10:00:01 web01 app: héllo wörld';
const octet = (m: string) => `${Buffer.byteLength(m)} ${m}`;

function feed(decoder: SyslogStreamDecoder, data: string | Buffer, chunk = 0) {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
  const frames: string[] = [];
  const rejects: string[] = [];
  const step = chunk || buf.length;
  for (let i = 0; i < buf.length; i += step) {
    const d = decoder.push(buf.subarray(i, i + step));
    frames.push(...d.frames);
    rejects.push(...d.rejects.map((r) => r.reason));
  }
  return { frames, rejects };
}

describe('SyslogStreamDecoder', () => {
  it('decodes octet-counted frames, byte-exact with multibyte UTF-8, whatever the chunking', () => {
    const data = octet(msg1) + octet(msg2) + octet(msg1);
    for (const chunk of [0, 1, 3, 7, 64]) {
      const d = new SyslogStreamDecoder(1024);
      const out = feed(d, data, chunk);
      expect(out.frames).toEqual([msg1, msg2, msg1]);
      expect(out.rejects).toEqual([]);
      expect(d.framing).toBe('octet-counting');
    }
  });

  it('tolerates a trailer LF after octet-counted frames', () => {
    const out = feed(new SyslogStreamDecoder(1024), `${octet(msg1)}\n${octet(msg2)}\n`);
    expect(out.frames).toEqual([msg1, msg2]);
  });

  it('decodes LF, CRLF and NUL delimited frames (non-transparent framing)', () => {
    const d = new SyslogStreamDecoder(1024);
    const out = feed(d, `${msg1}\n${msg2}\r\n${msg1}\u0000\n\n${msg2}\n`, 5);
    expect(out.frames).toEqual([msg1, msg2, msg1, msg2]);
    expect(d.framing).toBe('non-transparent');
  });

  it('keeps a line that starts with digits but is not a length header in LF mode', () => {
    const line = '2024-05-01 10:00:00 plain text line';
    const out = feed(new SyslogStreamDecoder(1024), `${line}\n${line}\n`);
    expect(out.frames).toEqual([line, line]);
  });

  it('rejects an oversize octet-counted frame with a reason and keeps the framing of the next one', () => {
    const big = 'x'.repeat(300);
    const out = feed(
      new SyslogStreamDecoder(100),
      octet(msg1.slice(0, 60)) + octet(big) + octet('<13>after'),
      17,
    );
    expect(out.frames).toEqual([msg1.slice(0, 60), '<13>after']);
    expect(out.rejects).toEqual([expect.stringMatching(/300 bytes exceeds the 100-byte frame limit/)]);
  });

  it('rejects an oversize LF frame, resynchronises on the next LF', () => {
    const out = feed(new SyslogStreamDecoder(50), `<13>${'y'.repeat(200)}\n<13>next\n`, 16);
    expect(out.frames).toEqual(['<13>next']);
    expect(out.rejects).toHaveLength(1);
    expect(out.rejects[0]).toMatch(/longer than the 50-byte frame limit/);
  });

  it('reports an octet-counting framing error and resumes after the line', () => {
    const out = feed(new SyslogStreamDecoder(1024), `${octet(msg1)}garbage without header\n${octet(msg2)}`);
    expect(out.frames).toEqual([msg1, msg2]);
    expect(out.rejects).toEqual([expect.stringMatching(/octet-counting framing error/)]);
  });

  it('at end of stream: emits an unterminated LF frame, rejects a cut octet-counted frame', () => {
    const lf = new SyslogStreamDecoder(1024);
    feed(lf, `${msg1}\n${msg2}`);
    expect(lf.end().frames).toEqual([msg2]);
    const oc = new SyslogStreamDecoder(1024);
    expect(feed(oc, `${octet(msg1)}500 <13>cut`).frames).toEqual([msg1]);
    expect(oc.end().rejects[0].reason).toMatch(/closed inside an octet-counted frame of 500 bytes/);
  });
});

describe('decodeDatagram', () => {
  it('strips the trailer and enforces the limit', () => {
    expect(decodeDatagram(Buffer.from(`${msg1}\r\n`), 1024)).toEqual({ frame: msg1 });
    expect(decodeDatagram(Buffer.from('\n'), 1024)).toEqual({});
    expect(decodeDatagram(Buffer.alloc(2000, 0x41), 1024).reject?.reason).toMatch(
      /2000 bytes exceeds the 1024-byte/,
    );
  });
});
