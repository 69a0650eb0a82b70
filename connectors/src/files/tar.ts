/**
 * Minimal POSIX/ustar TAR reader over a Buffer: regular-file members with their names (GNU long names and
 * pax `path` records honoured). Never throws; a corrupt header ends the walk with an issue.
 */
export type TarItem =
  | { kind: 'member'; name: string; data: Buffer }
  /** A problem; `partial` with `data` when a member is cut short (a truncated archive) but its head is readable. */
  | { kind: 'issue'; name?: string; reason: string; partial?: boolean; data?: Buffer };

export function isTar(head: Uint8Array): boolean {
  return (
    head.length >= 262 && Buffer.from(head.buffer, head.byteOffset + 257, 5).toString('latin1') === 'ustar'
  );
}

function field(buf: Buffer, off: number, len: number): string {
  const raw = buf.subarray(off, off + len);
  const nul = raw.indexOf(0);
  return raw.toString('utf8', 0, nul < 0 ? len : nul);
}

function paxPath(data: Buffer): string | undefined {
  const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
  return m?.[1];
}

export function* readTar(buf: Buffer): Generator<TarItem> {
  let p = 0;
  let longName: string | undefined;
  while (p + 512 <= buf.length) {
    const header = buf.subarray(p, p + 512);
    if (header.every((b) => b === 0)) return;
    const sizeText = field(header, 124, 12).trim();
    const size = parseInt(sizeText || '0', 8);
    if (!Number.isFinite(size) || size < 0) {
      yield { kind: 'issue', reason: `TAR header at offset ${p} has a bad size "${sizeText}"` };
      return;
    }
    const type = String.fromCharCode(header[156] || 48);
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    const start = p + 512;
    const data = buf.subarray(start, start + size);
    p = start + Math.ceil(size / 512) * 512;
    if (data.length < size) {
      yield {
        kind: 'issue',
        name,
        reason: `${name}: TAR member truncated (${data.length} of ${size} bytes)`,
        partial: data.length > 0,
        data,
      };
      return;
    }
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (type === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    longName = undefined;
    if (type === '0' || type === '\0' || type === '7') yield { kind: 'member', name, data };
  }
}
