/**
 * One Linux audit record: `[node=<host> ]type=<TYPE> msg=audit(<epoch>.<ms>:<serial>): k=v …`, with the
 * nested `msg='…'` of user-space records flattened, hex-encoded values decoded, and the interpreted fields of
 * the enhanced format (after a 0x1D separator: `ARCH=x86_64 SYSCALL=unlink AUID="alice"`) kept apart.
 */
import { parseKv } from '../../formats/kv.parser.js';

export interface AuditRecord {
  node?: string;
  type: string;
  time: Date;
  sequence: number;
  fields: Record<string, string>;
  /** Interpreted values (enhanced format), upper-case keys as written. */
  interpreted: Record<string, string>;
}

const HEADER = /^(?:node=(\S+) )?type=([A-Z_0-9]+) msg=audit\((\d+)(?:\.(\d+))?:(\d+)\):\s?/;
/** Fields that auditd writes hex-encoded when they contain spaces or special characters. */
const HEX_FIELDS = new Set([
  'acct',
  'exe',
  'comm',
  'cwd',
  'name',
  'proctitle',
  'cmd',
  'data',
  'path',
  'key',
  'new',
  'old',
  'vm',
  'grp',
]);

function decodeHex(v: string): string {
  if (!/^(?:[0-9A-F]{2})+$/.test(v) || v.length < 2) return v;
  const bytes = Buffer.from(v, 'hex');
  return bytes.toString('utf8').replace(/\0/g, ' ').trim();
}

export type AuditRead = { ok: true; record: AuditRecord } | { ok: false; reason: string };

export function readAuditRecord(line: string): AuditRead {
  const h = HEADER.exec(line);
  if (!h) return { ok: false, reason: 'not an audit record (expected "type=… msg=audit(<time>:<serial>):")' };
  const ms = h[4] ? Number(h[4].slice(0, 3).padEnd(3, '0')) : 0;
  const time = new Date(Number(h[3]) * 1000 + ms);
  if (Number.isNaN(time.getTime()))
    return { ok: false, reason: `audit record time "${h[3]}" is out of range` };
  let body = line.slice(h[0].length);
  let interpretedText = '';
  const gs = body.indexOf('\x1d');
  if (gs >= 0) {
    interpretedText = body.slice(gs + 1);
    body = body.slice(0, gs);
  }
  const fields: Record<string, string> = {};
  const kv = parseKv(body);
  if (kv.ok) {
    for (const [k, v] of kv.pairs) {
      if (k === 'msg' && /=/.test(v)) {
        const inner = parseKv(v);
        if (inner.ok)
          for (const [ik, iv] of inner.pairs)
            fields[ik] ??= HEX_FIELDS.has(ik) && !/['"]/.test(iv) ? decodeHex(iv) : iv;
        continue;
      }
      fields[k] ??= HEX_FIELDS.has(k) && !body.includes(`${k}="`) ? decodeHex(v) : v;
    }
  }
  const interpreted: Record<string, string> = {};
  if (interpretedText) {
    const ikv = parseKv(interpretedText);
    if (ikv.ok) Object.assign(interpreted, ikv.fields);
  }
  return { ok: true, record: { node: h[1], type: h[2], time, sequence: Number(h[5]), fields, interpreted } };
}
