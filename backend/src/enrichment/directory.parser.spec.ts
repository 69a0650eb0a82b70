import { describe, expect, it } from 'vitest';
import { parseDirectory, sniffFormat } from './directory.parser.js';

describe('parseDirectory', () => {
  it('reads CSV with quotes, aliases, ; separators, comments and a BOM, rejecting bad rows with their line', () => {
    const csv =
      '\uFEFF# exported 2026-05-04\nHostname;Criticality;Owner;Network Zone;Tags\n"dc01.corp.example";CRITICAL;"IT; infra";servers;dc|tier0\nlaptop-7;urgent;bob;office;\n;high;x;y;\nweb01;high\n';
    const r = parseDirectory('assets', csv);
    expect(r.error).toBeUndefined();
    expect(r.entries).toEqual([
      {
        host: 'dc01.corp.example',
        criticality: 'critical',
        owner: 'IT; infra',
        zone: 'servers',
        tags: ['dc', 'tier0'],
      },
      { host: 'web01', criticality: 'high' },
    ]);
    expect(r.rejects.map((x) => x.at)).toEqual([4, 5]);
    expect(r.rejects[0].reason).toMatch(/criticality/);
    expect(r.rejects[1].reason).toMatch(/host/);
  });

  it('reads identities from JSON arrays, wrapped arrays and NDJSON, with boolean words', () => {
    const arr = parseDirectory(
      'identities',
      JSON.stringify([
        { samAccountName: 'CORP\\alice', Dept: 'Finance', admin: 'yes' },
        { user: 'bob', privileged: 'maybe' },
      ]),
    );
    expect(arr.entries).toEqual([{ user: 'CORP\\alice', department: 'Finance', privileged: true }]);
    expect(arr.rejects).toEqual([{ at: 1, reason: expect.stringMatching(/privileged/) }]);
    expect(parseDirectory('identities', '{"identities":[{"user":"x"}]}').entries).toEqual([
      { user: 'x', privileged: false },
    ]);
    const nd = parseDirectory('identities', '{"user":"a"}\n{bad\n{"user":"b","title":"CFO"}\n', 'json');
    expect(nd.entries.map((e) => e.user)).toEqual(['a', 'b']);
    expect(nd.rejects[0].at).toBe(2);
  });

  it('reports unusable inputs as an error, never throws', () => {
    expect(parseDirectory('assets', '').error).toMatch(/header/);
    expect(parseDirectory('assets', 'owner,zone\nx,y').error).toMatch(/no "host" column/);
    expect(parseDirectory('identities', '{"users": 3}').error).toMatch(/expected a JSON array/);
    expect(parseDirectory('identities', '[1, "x", null]').rejects.map((r) => r.reason)).toEqual([
      'not an object',
      'not an object',
      'not an object',
    ]);
    expect(sniffFormat('  [{}]')).toBe('json');
    expect(sniffFormat('host,criticality')).toBe('csv');
  });
});
