/**
 * Minimal ZIP reader over a Buffer (no dependency): walks the central directory and inflates each member with
 * `node:zlib`. Stored and deflated members are supported; encrypted, ZIP64 and other methods are reported as
 * issues. Never throws.
 */
import { inflateRawSync } from 'node:zlib';

export type ZipItem =
  | { kind: 'member'; name: string; data: Buffer }
  | { kind: 'issue'; name?: string; reason: string; partial?: undefined; data?: undefined };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function isZip(head: Uint8Array): boolean {
  return (
    head.length >= 4 &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    (head[2] === 3 || head[2] === 5) &&
    (head[3] === 4 || head[3] === 6)
  );
}

function findEocd(buf: Buffer): number {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) if (buf.readUInt32LE(i) === EOCD) return i;
  return -1;
}

/** Members of a ZIP archive in central-directory order; directories are skipped. */
export function* readZip(buf: Buffer, maxMemberBytes = 2 ** 31 - 1): Generator<ZipItem> {
  if (buf.length < 22) {
    yield { kind: 'issue', reason: `not a ZIP archive (${buf.length} bytes)` };
    return;
  }
  const eocd = findEocd(buf);
  if (eocd < 0) {
    yield { kind: 'issue', reason: 'ZIP end-of-central-directory record not found (truncated archive?)' };
    return;
  }
  const count = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    yield { kind: 'issue', reason: 'ZIP64 archives are not supported' };
    return;
  }
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) {
      yield { kind: 'issue', reason: `ZIP central directory entry ${n} is corrupt at offset ${p}` };
      return;
    }
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (flags & 1) {
      yield { kind: 'issue', name, reason: `${name}: encrypted ZIP members are not supported` };
      continue;
    }
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) {
      yield { kind: 'issue', name, reason: `${name}: local header not found at offset ${local}` };
      continue;
    }
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (dataStart + compSize > buf.length) {
      yield { kind: 'issue', name, reason: `${name}: member data truncated (${compSize} bytes announced)` };
      continue;
    }
    if (size > maxMemberBytes) {
      yield {
        kind: 'issue',
        name,
        reason: `${name}: member of ${size} bytes exceeds the ${maxMemberBytes}-byte limit`,
      };
      continue;
    }
    const comp = buf.subarray(dataStart, dataStart + compSize);
    if (method === 0) yield { kind: 'member', name, data: comp };
    else if (method === 8) {
      let data: Buffer;
      try {
        data = inflateRawSync(comp, {
          maxOutputLength: Math.max(1, Math.min(maxMemberBytes, size || maxMemberBytes)),
        });
      } catch (err) {
        yield { kind: 'issue', name, reason: `${name}: cannot inflate: ${(err as Error).message}` };
        continue;
      }
      yield { kind: 'member', name, data };
    } else
      yield {
        kind: 'issue',
        name,
        reason: `${name}: compression method ${method} is not supported (stored and deflate only)`,
      };
  }
}
