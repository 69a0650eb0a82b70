import { describe, expect, it } from 'vitest';
import { matcher, rejection } from '../testing/rule-helpers.js';

describe('plain values, wildcards and escaping', () => {
  it('matches case-insensitively by default and exactly (no implicit contains)', () => {
    const m = matcher(`sel:\n  Image: 'C:\\Windows\\System32\\cmd.exe'\ncondition: sel`);
    expect(m({ Image: 'c:\\windows\\system32\\CMD.EXE' })).toBe(true);
    expect(m({ Image: 'c:\\windows\\system32\\cmd.exe.bak' })).toBe(false);
    expect(m({ Other: 'c:\\windows\\system32\\cmd.exe' })).toBe(false);
  });
  it('handles * and ? wildcards', () => {
    const m = matcher(`sel:\n  CommandLine: '*\\temp\\x?.exe*'\ncondition: sel`);
    expect(m({ CommandLine: 'run C:\\Temp\\xa.exe now' })).toBe(true);
    expect(m({ CommandLine: 'run C:\\Temp\\xab.exe now' })).toBe(false);
    // a backslash before ? escapes it: a literal question mark
    const lit = matcher(`sel:\n  CommandLine: '*\\temp\\?.exe*'\ncondition: sel`);
    expect(lit({ CommandLine: 'C:\\Temp?.exe' })).toBe(true);
    expect(lit({ CommandLine: 'C:\\Temp\\a.exe' })).toBe(false);
  });
  it('escapes wildcards with a backslash', () => {
    const m = matcher(`sel:\n  F: 'a\\*b'\ncondition: sel`);
    expect(m({ F: 'a*b' })).toBe(true);
    expect(m({ F: 'axxb' })).toBe(false);
    const q = matcher(`sel:\n  F: 'what\\?'\ncondition: sel`);
    expect(q({ F: 'what?' })).toBe(true);
    expect(q({ F: 'whatx' })).toBe(false);
  });
  it('treats \\\\* as a backslash followed by a wildcard', () => {
    const m = matcher(`sel:\n  F: 'dir\\\\*'\ncondition: sel`);
    expect(m({ F: 'dir\\anything' })).toBe(true);
    expect(m({ F: 'dirx' })).toBe(false);
  });
  it('int values match numeric and string field values', () => {
    const m = matcher(`sel:\n  EventID: 4688\ncondition: sel`);
    expect(m({ EventID: 4688 })).toBe(true);
    expect(m({ EventID: '4688' })).toBe(true);
    expect(m({ EventID: 46880 })).toBe(false);
  });
  it('null matches a missing or null field; empty string matches only empty', () => {
    const n = matcher(`sel:\n  F: null\ncondition: sel`);
    expect(n({})).toBe(true);
    expect(n({ F: null })).toBe(true);
    expect(n({ F: '' })).toBe(false);
    const e = matcher(`sel:\n  F: ''\ncondition: sel`);
    expect(e({ F: '' })).toBe(true);
    expect(e({ F: 'x' })).toBe(false);
    expect(e({})).toBe(false);
  });
  it('list values are OR-ed, maps AND-ed, lists of maps OR-ed', () => {
    const m = matcher(`sel:\n  - A: [x, y]\n    B: z\n  - C: w\ncondition: sel`);
    expect(m({ A: 'y', B: 'z' })).toBe(true);
    expect(m({ A: 'y', B: 'q' })).toBe(false);
    expect(m({ C: 'W' })).toBe(true);
  });
  it('matches any element of an array field', () => {
    const m = matcher(`sel:\n  tags|contains: evil\ncondition: sel`);
    expect(m({ tags: ['good', 'very EVIL one'] })).toBe(true);
    expect(m({ tags: ['good'] })).toBe(false);
  });
});

describe('string modifiers', () => {
  it('contains, startswith, endswith', () => {
    expect(matcher(`s:\n  F|contains: mimi\ncondition: s`)({ F: 'xMIMIkatz' })).toBe(true);
    expect(matcher(`s:\n  F|startswith: mimi\ncondition: s`)({ F: 'xmimi' })).toBe(false);
    expect(matcher(`s:\n  F|startswith: mimi\ncondition: s`)({ F: 'mimix' })).toBe(true);
    expect(matcher(`s:\n  F|endswith: '.exe'\ncondition: s`)({ F: 'a.EXE' })).toBe(true);
    expect(matcher(`s:\n  F|endswith: '.exe'\ncondition: s`)({ F: 'a.exe.txt' })).toBe(false);
  });
  it('all joins the values with AND', () => {
    const m = matcher(`s:\n  F|contains|all: [' -a', ' -b']\ncondition: s`);
    expect(m({ F: 'x -b -a' })).toBe(true);
    expect(m({ F: 'x -a' })).toBe(false);
  });
  it('keywords with |all', () => {
    const m = matcher(`k:\n  '|all': [foo, bar]\ncondition: k`);
    expect(m({ a: 'xx foo', b: 'bar yy' })).toBe(true);
    expect(m({ a: 'foo' })).toBe(false);
  });
  it('keyword lists search every value (contains)', () => {
    const m = matcher(`k:\n  - evilcorp\n  - badguy\ncondition: k`);
    expect(m({ msg: 'login from BADGUY host' })).toBe(true);
    expect(m({ msg: 'nothing' })).toBe(false);
  });
  it('cased makes matching case-sensitive', () => {
    const m = matcher(`s:\n  F|cased|contains: Evil\ncondition: s`);
    expect(m({ F: 'an Evil one' })).toBe(true);
    expect(m({ F: 'an evil one' })).toBe(false);
  });
  it('neq excludes the values', () => {
    const m = matcher(`s:\n  F|neq: [a, b]\ncondition: s`);
    expect(m({ F: 'c' })).toBe(true);
    expect(m({ F: 'A' })).toBe(false);
    expect(m({ F: 'b' })).toBe(false);
  });
  it('windash expands flag dashes to - / and the unicode dashes', () => {
    const m = matcher(`s:\n  CommandLine|windash|contains: ' -enc '\ncondition: s`);
    for (const d of ['-', '/', '\u2013', '\u2014', '\u2015'])
      expect(m({ CommandLine: `powershell ${d}enc AAA` })).toBe(true);
    expect(m({ CommandLine: 'powershell +enc AAA' })).toBe(false);
  });
  it('exists tests field presence', () => {
    const t = matcher(`s:\n  F|exists: true\ncondition: s`);
    expect(t({ F: '' })).toBe(true);
    expect(t({})).toBe(false);
    const f = matcher(`s:\n  F|exists: false\ncondition: s`);
    expect(f({})).toBe(true);
    expect(f({ F: 1 })).toBe(false);
  });
});

describe('regular expressions', () => {
  it('re is case-sensitive by default and unanchored', () => {
    const m = matcher(`s:\n  F|re: 'ab+c'\ncondition: s`);
    expect(m({ F: 'xxabbbcxx' })).toBe(true);
    expect(m({ F: 'ABBC' })).toBe(false);
  });
  it('re flags i, m, s and their aliases', () => {
    expect(matcher(`s:\n  F|re|i: 'ab+c'\ncondition: s`)({ F: 'ABBC' })).toBe(true);
    expect(matcher(`s:\n  F|re|ignorecase: 'ab+c'\ncondition: s`)({ F: 'ABBC' })).toBe(true);
    expect(matcher(`s:\n  F|re: '^b$'\ncondition: s`)({ F: 'a\nb' })).toBe(false);
    expect(matcher(`s:\n  F|re|m: '^b$'\ncondition: s`)({ F: 'a\nb' })).toBe(true);
    expect(matcher(`s:\n  F|re|multiline: '^b$'\ncondition: s`)({ F: 'a\nb' })).toBe(true);
    expect(matcher(`s:\n  F|re: 'a.b'\ncondition: s`)({ F: 'a\nb' })).toBe(false);
    expect(matcher(`s:\n  F|re|s: 'a.b'\ncondition: s`)({ F: 'a\nb' })).toBe(true);
    expect(matcher(`s:\n  F|re|dotall: 'a.b'\ncondition: s`)({ F: 'a\nb' })).toBe(true);
  });
  it('runs patterns prone to catastrophic backtracking on RE2, in linear time', () => {
    const m = matcher(`s:\n  F|re: '^(a+)+$'\ncondition: s`);
    const t0 = performance.now();
    expect(m({ F: 'a'.repeat(5000) + 'b' })).toBe(false);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(m({ F: 'aaaa' })).toBe(true);
  });
  it('rejects what RE2 cannot run (back-references) with a reason', () => {
    expect(rejection(`s:\n  F|re: '(a)\\1'\ncondition: s`)).toMatch(/re: .*linear time/);
  });
  it('rejects flags without re', () => {
    expect(rejection(`s:\n  F|i: 'x'\ncondition: s`)).toMatch(/only valid with re/);
  });
});

describe('encoding modifiers', () => {
  it('base64', () => {
    const m = matcher(`s:\n  F|base64: 'cmd.exe'\ncondition: s`);
    expect(m({ F: Buffer.from('cmd.exe').toString('base64') })).toBe(true);
  });
  it('base64offset|contains finds the value at any byte offset', () => {
    const m = matcher(`s:\n  F|base64offset|contains: 'http://'\ncondition: s`);
    for (const prefix of ['', 'x', 'xy', 'xyz']) {
      expect(m({ F: 'echo ' + Buffer.from(prefix + 'http://evil').toString('base64') })).toBe(true);
    }
    expect(m({ F: Buffer.from('ftp://evil').toString('base64') })).toBe(false);
  });
  it('utf16le / wide / utf16be / utf16 with base64', () => {
    const le = Buffer.from('cmd', 'utf16le').toString('base64');
    expect(matcher(`s:\n  F|utf16le|base64: 'cmd'\ncondition: s`)({ F: le })).toBe(true);
    expect(matcher(`s:\n  F|wide|base64: 'cmd'\ncondition: s`)({ F: le })).toBe(true);
    const be = Buffer.from([0, 0x63, 0, 0x6d, 0, 0x64]).toString('base64');
    expect(matcher(`s:\n  F|utf16be|base64: 'cmd'\ncondition: s`)({ F: be })).toBe(true);
    const bom = Buffer.from([0xff, 0xfe, 0x63, 0, 0x6d, 0, 0x64, 0]).toString('base64');
    expect(matcher(`s:\n  F|utf16|base64: 'cmd'\ncondition: s`)({ F: bom })).toBe(true);
  });
  it('wide|base64offset|contains (the PowerShell -enc idiom)', () => {
    const m = matcher(`s:\n  CommandLine|wide|base64offset|contains: 'Invoke-Mimikatz'\ncondition: s`);
    const enc = Buffer.from('IEX (Invoke-Mimikatz -Dump)', 'utf16le').toString('base64');
    expect(m({ CommandLine: `powershell -enc ${enc}` })).toBe(true);
  });
});

describe('numeric, time, cidr', () => {
  it('lt lte gt gte on numbers and numeric strings', () => {
    expect(matcher(`s:\n  N|lt: 10\ncondition: s`)({ N: 9 })).toBe(true);
    expect(matcher(`s:\n  N|lt: 10\ncondition: s`)({ N: '10' })).toBe(false);
    expect(matcher(`s:\n  N|lte: 10\ncondition: s`)({ N: '10' })).toBe(true);
    expect(matcher(`s:\n  N|gt: 10\ncondition: s`)({ N: 11 })).toBe(true);
    expect(matcher(`s:\n  N|gte: 10\ncondition: s`)({ N: 'abc' })).toBe(false);
    expect(rejection(`s:\n  N|gt: abc\ncondition: s`)).toMatch(/not a number/);
  });
  it('minute hour day week month year', () => {
    const ev = { T: '2024-03-15T13:45:00Z' };
    expect(matcher(`s:\n  T|minute: 45\ncondition: s`)(ev)).toBe(true);
    expect(matcher(`s:\n  T|hour: 13\ncondition: s`)(ev)).toBe(true);
    expect(matcher(`s:\n  T|hour: 12\ncondition: s`)(ev)).toBe(false);
    expect(matcher(`s:\n  T|day: 15\ncondition: s`)(ev)).toBe(true);
    expect(matcher(`s:\n  T|week: 11\ncondition: s`)(ev)).toBe(true);
    expect(matcher(`s:\n  T|month: 3\ncondition: s`)(ev)).toBe(true);
    expect(matcher(`s:\n  T|year: 2024\ncondition: s`)(ev)).toBe(true);
    expect(rejection(`s:\n  T|hour: 25\ncondition: s`)).toMatch(/between 0 and 23/);
  });
  it('cidr on IPv4 and IPv6', () => {
    const m = matcher(`s:\n  ip|cidr: ['10.0.0.0/8', 'fe80::/10']\ncondition: s`);
    expect(m({ ip: '10.1.2.3' })).toBe(true);
    expect(m({ ip: '11.1.2.3' })).toBe(false);
    expect(m({ ip: 'fe80::1' })).toBe(true);
    expect(m({ ip: 'fec0::1' })).toBe(false);
    expect(m({ ip: '::ffff:10.9.9.9' })).toBe(true);
    expect(rejection(`s:\n  ip|cidr: '10.0.0.0/33'\ncondition: s`)).toMatch(/prefix/);
  });
});

describe('expand and fieldref', () => {
  it('expand substitutes the caller value lists', () => {
    const m = matcher(`s:\n  User|expand: '%Admins%'\ncondition: s`, {
      placeholders: { Admins: ['root', 'administrator'] },
    });
    expect(m({ User: 'Administrator' })).toBe(true);
    expect(m({ User: 'guest' })).toBe(false);
  });
  it('an unresolved placeholder rejects the rule', () => {
    expect(rejection(`s:\n  User|expand: '%Nope%'\ncondition: s`)).toMatch(/placeholder %Nope%/);
  });
  it('without expand, %name% is a literal', () => {
    expect(matcher(`s:\n  F: '%name%'\ncondition: s`)({ F: '%NAME%' })).toBe(true);
  });
  it('fieldref compares two fields of the event, with startswith/endswith/contains', () => {
    const eq = matcher(`s:\n  A|fieldref: B\ncondition: s`);
    expect(eq({ A: 'x', B: 'X' })).toBe(true);
    expect(eq({ A: 'x', B: 'y' })).toBe(false);
    expect(matcher(`s:\n  A|fieldref|startswith: B\ncondition: s`)({ A: 'foobar', B: 'foo' })).toBe(true);
    expect(matcher(`s:\n  A|fieldref|endswith: B\ncondition: s`)({ A: 'foobar', B: 'foo' })).toBe(false);
    expect(matcher(`s:\n  A|fieldref|contains: B\ncondition: s`)({ A: 'xfoox', B: 'foo' })).toBe(true);
    expect(matcher(`s:\n  A|fieldref|neq: B\ncondition: s`)({ A: 'a', B: 'b' })).toBe(true);
  });
  it('rejects unknown modifiers naming them', () => {
    expect(rejection(`s:\n  F|bogus: x\ncondition: s`)).toMatch(/unknown modifier 'bogus'/);
  });
});
