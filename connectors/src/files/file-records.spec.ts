import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readFileRecords, type FileItem, type FileRecordOptions } from './file-records.js';
import { joinMultiline } from './multiline.js';
import { readZip } from './zip.js';
import { writeZip } from './zip.writer.js';

async function all(
  name: string,
  data: Buffer | string,
  opts?: FileRecordOptions,
  streamed = false,
): Promise<FileItem[]> {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  // Streamed in 7-byte pieces to exercise pieces that split lines and UTF-8 sequences.
  const src = streamed
    ? Readable.from(
        (function* () {
          for (let i = 0; i < buf.length; i += 7) yield buf.subarray(i, i + 7);
        })(),
      )
    : buf;
  const out: FileItem[] = [];
  for await (const it of readFileRecords(name, src, opts)) out.push(it);
  return out;
}
const records = (items: FileItem[]) =>
  items.filter((i) => i.kind === 'record').map((i) => (i as { record: unknown }).record);
const rejects = (items: FileItem[]) =>
  items.filter((i) => i.kind === 'reject') as Extract<FileItem, { kind: 'reject' }>[];

describe('readFileRecords', () => {
  it('splits text lines (LF/CRLF, BOM, blank lines) with line numbers, in memory and streamed', async () => {
    const text = '\uFEFFfirst é line\r\n\nsecond\nthird';
    for (const streamed of [false, true]) {
      const items = await all('a.log', text, {}, streamed);
      expect(items[0]).toEqual({ kind: 'format', member: 'a.log', format: 'lines' });
      expect(
        items
          .slice(1)
          .map((i) => [
            i.kind === 'record' && i.record,
            i.kind !== 'format' && i.line,
            i.kind !== 'format' && i.position,
          ]),
      ).toEqual([
        ['first é line', 1, 0],
        ['second', 3, 1],
        ['third', 4, 2],
      ]);
    }
  });

  it('reads NDJSON lines as text and unwraps batch lines', async () => {
    const items = await all('x.ndjson', '{"a":1}\n{"Records":[{"b":2},{"c":3}]}\n{"a":\n');
    expect(records(items)).toEqual(['{"a":1}', { b: 2 }, { c: 3 }, '{"a":']);
  });

  it('reads JSON arrays, wrappers and pretty-printed concatenated objects', async () => {
    expect(records(await all('a.json', '[\n {"a":1},\n {"b":2}\n]'))).toEqual([{ a: 1 }, { b: 2 }]);
    expect(records(await all('ct.json', '{"Records":[{"eventName":"X"}]}'))).toEqual([{ eventName: 'X' }]);
    expect(records(await all('az.json', '{\n "records": [ {"x": 1} ]\n}'))).toEqual([{ x: 1 }]);
    expect(records(await all('e.json', '{"events":[{"message":"m"}]}'))).toEqual([{ message: 'm' }]);
    // An activity record with its own `events` array is one record, not a wrapper.
    const gw = '{"kind":"admin#reports#activity","events":[{"name":"login"}]}';
    expect(records(await all('gw.json', gw))).toEqual([gw]);
    const pretty = '{\n  "a": "x}{",\n  "n": {"m": 1}\n}\n{\n  "b": 2\n}\n';
    expect(records(await all('p.json', pretty, {}, true))).toEqual([
      '{\n  "a": "x}{",\n  "n": {"m": 1}\n}',
      '{\n  "b": 2\n}',
    ]);
  });

  it('rejects stray text and truncated JSON with reasons', async () => {
    const items = await all('p.json', '{\n "a": 1\n}\ngarbage here\n{\n "b": ');
    expect(records(items)).toEqual(['{\n "a": 1\n}']);
    expect(rejects(items).map((r) => r.reason)).toEqual([
      'text outside any JSON object at line 4',
      'JSON value starting at line 5 is truncated (end of file inside it)',
    ]);
  });

  it('does not take apache error lines for a JSON array', async () => {
    const line = '[Tue Jan 02 10:11:12.345 2024] [core:error] [pid 1] AH00037: Symbolic link not allowed';
    expect(records(await all('error.log', line + '\n' + line))).toEqual([line, line]);
  });

  it('joins multiline events for known sources', async () => {
    const pg =
      '2024-01-02 10:00:00 UTC [1] LOG:  statement: SELECT 1\n\tFROM t\n2024-01-02 10:00:01 UTC [1] LOG:  x\n';
    expect(records(await all('pg.log', pg, { source: 'postgresql' }))).toEqual([
      '2024-01-02 10:00:00 UTC [1] LOG:  statement: SELECT 1\n\tFROM t',
      '2024-01-02 10:00:01 UTC [1] LOG:  x',
    ]);
    expect(records(await all('pg.log', pg, { source: 'postgresql', multiline: false }))).toHaveLength(3);
    expect([
      ...joinMultiline(
        [
          { text: 'cont', line: 1 },
          { text: 'A1', line: 2 },
          { text: ' more', line: 3 },
        ],
        /^A/,
      ),
    ]).toEqual([
      { text: 'cont', line: 1 },
      { text: 'A1\n more', line: 2 },
    ]);
  });

  it('rejects over-long lines without holding them', async () => {
    const items = await all('big.log', 'ok\n' + 'x'.repeat(5000) + '\nok2', { maxRecordBytes: 2000 }, true);
    expect(records(items)).toEqual(['ok', 'ok2']);
    expect(rejects(items)[0].reason).toMatch(/record longer than 2000 characters \(5000\)/);
    expect(rejects(items)[0].raw.length).toBeLessThanOrEqual(1024);
  });

  it('inflates .gz, walks .zip members (nested .gz included) and numbers positions across them', async () => {
    const zip = writeZip([
      { name: 'dir/a.log', data: 'l1\nl2\n' },
      { name: 'b.json.gz', data: gzipSync('[{"k":1}]') },
      { name: '__MACOSX/._a.log', data: 'junk' },
    ]);
    expect([...readZip(zip)].map((m) => m.kind === 'member' && m.name)).toEqual([
      'dir/a.log',
      'b.json.gz',
      '__MACOSX/._a.log',
    ]);
    const items = await all('bundle.zip', gzipSync(zip));
    expect(items.filter((i) => i.kind === 'format')).toEqual([
      { kind: 'format', member: 'bundle.zip/dir/a.log', format: 'lines' },
      { kind: 'format', member: 'bundle.zip/b.json', format: 'json' },
    ]);
    expect(
      items
        .filter((i) => i.kind === 'record')
        .map((i) => [(i as { record: unknown }).record, (i as { position: number }).position]),
    ).toEqual([
      ['l1', 0],
      ['l2', 1],
      [{ k: 1 }, 2],
    ]);
  });

  it('reports a corrupt gzip and a truncated zip as rejects', async () => {
    const bad = Buffer.concat([gzipSync('a\nb\n').subarray(0, 12), Buffer.from('zzzzzzzz')]);
    const items = await all('x.log.gz', bad);
    expect(rejects(items)[0].reason).toMatch(/^x\.log\.gz: gzip: /);
    const zip = writeZip([{ name: 'a.log', data: 'x' }]);
    expect(rejects(await all('t.zip', zip.subarray(0, zip.length - 10)))[0].reason).toMatch(
      /end-of-central-directory/,
    );
  });
});

const regression = fileURLToPath(
  new URL('../../../../shared/corpora/sigmahq/regression_data', import.meta.url),
);
function firstEvtx(dir: string): string | undefined {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      const f = firstEvtx(p);
      if (f) return f;
    } else if (name.endsWith('.evtx')) return p;
  }
  return undefined;
}
if (!existsSync(regression))
  console.warn(`file-records: EVTX corpus not found at ${regression}; skipping the EVTX case`);

describe.skipIf(!existsSync(regression))('readFileRecords on EVTX', () => {
  it('yields evtx_dump-shaped plain-JSON records, also from inside a zip', async () => {
    const file = firstEvtx(regression)!;
    const data = readFileSync(file);
    const items = await all('x.evtx', data);
    const recs = records(items) as { Event: { System: { EventID: unknown } } }[];
    expect(items[0]).toEqual({ kind: 'format', member: 'x.evtx', format: 'evtx' });
    expect(recs.length).toBeGreaterThan(0);
    expect(recs[0].Event.System).toBeDefined();
    expect(() => JSON.stringify(recs)).not.toThrow();
    const zipped = records(await all('x.zip', writeZip([{ name: 'x.evtx', data }])));
    expect(zipped).toEqual(recs);
  });
});

describe('readFileRecords on damaged archives', () => {
  it('salvages the complete records of a truncated .gz and of a truncated .tar.gz, then reports the cut', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`);
    const gz = gzipSync(lines.join('\n') + '\n');
    const cut = gz.subarray(0, Math.floor(gz.length * 0.6));
    const items = await all('big.log.gz', cut);
    const recs = records(items) as string[];
    expect(recs.length).toBeGreaterThan(100);
    expect(recs.slice(0, -1)).toEqual(lines.slice(0, recs.length - 1));
    expect(rejects(items).at(-1)!.reason).toMatch(/^big\.log\.gz: gzip: unexpected end of file/);

    // A one-member ustar archive, gzipped, cut in the middle of its member.
    const body = Buffer.from(lines.join('\n') + '\n');
    const header = Buffer.alloc(512);
    header.write('data/a.log', 0);
    header.write('0000644\0', 100);
    header.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
    header.write('0', 156);
    header.write('ustar\0', 257);
    const tar = Buffer.concat([header, body, Buffer.alloc(512 - (body.length % 512)), Buffer.alloc(1024)]);
    const tgz = gzipSync(tar);
    const t = await all('a.tgz', tgz.subarray(0, Math.floor(tgz.length * 0.6)));
    expect(rejects(t).map((r) => r.reason.split(':')[0])).toEqual(['a.tgz', 'a.tar']);
    expect(rejects(t)[1].reason).toMatch(/TAR member truncated/);
    expect((records(t) as string[]).slice(0, 50)).toEqual(lines.slice(0, 50));
    expect(records(await all('a.tgz', tgz))).toEqual(lines);
  });
});
