import { describe, expect, it } from 'vitest';
import { parseSyslogHeader } from './syslog.js';

const ctx = (timezone?: string) => ({ options: { timezone }, now: new Date('2024-08-10T12:00:00Z') });

describe('parseSyslogHeader', () => {
  it('reads an RFC 3164 line with priority, host and tag[pid]', () => {
    const h = parseSyslogHeader('<38>Mar  9 23:59:01 web01 sshd[1234]: Accepted password for bob', ctx());
    expect(h).toMatchObject({
      format: 'rfc3164',
      facility: 4,
      severity: 6,
      hostname: 'web01',
      appName: 'sshd',
      procId: '1234',
    });
    expect(h?.message).toBe('Accepted password for bob');
    expect(h?.timestamp?.toISOString()).toBe('2024-03-09T23:59:01.000Z');
  });

  it('applies the source time zone to zone-less timestamps, daylight saving included', () => {
    expect(parseSyslogHeader('Jul  1 12:00:00 h app: x', ctx('Europe/Paris'))?.timestamp?.toISOString()).toBe(
      '2024-07-01T10:00:00.000Z',
    );
    expect(parseSyslogHeader('Jan  1 12:00:00 h app: x', ctx('-04:00'))?.timestamp?.toISOString()).toBe(
      '2024-01-01T16:00:00.000Z',
    );
    expect(parseSyslogHeader('Jan  1 12:00:00 h app: x', ctx('GMT+2'))?.timestamp?.toISOString()).toBe(
      '2024-01-01T10:00:00.000Z',
    );
  });

  it('puts a December event read in August into the previous year', () => {
    expect(parseSyslogHeader('Dec 31 23:00:00 h app: x', ctx())?.timestamp?.getUTCFullYear()).toBe(2023);
  });

  it('reads RFC 5424 with structured data', () => {
    const h = parseSyslogHeader(
      '<165>1 2003-10-11T22:14:15.003Z mymachine evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="App"] An application event',
      ctx(),
    );
    expect(h).toMatchObject({
      format: 'rfc5424',
      hostname: 'mymachine',
      appName: 'evntslog',
      msgId: 'ID47',
      message: 'An application event',
    });
    expect(h?.structuredData).toEqual({ 'exampleSDID@32473': { iut: '3', eventSource: 'App' } });
  });

  it('reads a second, address-valued host token before the tag (Infoblox NIOS) and an empty [pid]', () => {
    const h = parseSyslogHeader(
      '<30>Jun  2 08:15:00  dns2.corp.example 192.0.2.44 named[881]: client 198.51.100.7#5353: query',
      ctx(),
    );
    expect(h).toMatchObject({
      hostname: 'dns2.corp.example',
      hostIp: '192.0.2.44',
      appName: 'named',
      procId: '881',
      message: 'client 198.51.100.7#5353: query',
    });
    const v6 = parseSyslogHeader('Jun  2 08:15:00 gm 2001:db8::5 httpd: x', ctx());
    expect(v6).toMatchObject({ hostname: 'gm', hostIp: '2001:db8::5', appName: 'httpd', message: 'x' });
    const empty = parseSyslogHeader(
      '<29>Jun  2 08:15:00 gm.corp.example httpd[]: 2024-06-02 08:15:00.120Z [jdoe]: Logout',
      ctx(),
    );
    expect(empty).toMatchObject({
      hostname: 'gm.corp.example',
      appName: 'httpd',
      message: '2024-06-02 08:15:00.120Z [jdoe]: Logout',
    });
    expect(empty?.procId).toBeUndefined();
    expect(empty?.hostIp).toBeUndefined();
    // An address that is the host itself is not taken twice, nor is an address inside the message.
    const single = parseSyslogHeader('Jun  2 08:15:00 192.0.2.44 syslog: from 10.1.1.1 ok', ctx());
    expect(single).toMatchObject({ hostname: '192.0.2.44', appName: 'syslog', message: 'from 10.1.1.1 ok' });
    expect(single?.hostIp).toBeUndefined();
  });

  it('reads a severity word before the tag (F5 BIG-IP `host notice tmm[123]:`)', () => {
    const h = parseSyslogHeader(
      '<133>Feb 14 06:30:11 lb-a.example notice tmm1[20455]: 01490500:5: /Common/ap:Common:ab12: New session',
      ctx(),
    );
    expect(h).toMatchObject({
      hostname: 'lb-a.example',
      level: 'notice',
      appName: 'tmm1',
      procId: '20455',
      message: '01490500:5: /Common/ap:Common:ab12: New session',
    });
    // A severity word that is the tag itself, or free text, is left alone.
    expect(parseSyslogHeader('Feb 14 06:30:11 h info: started', ctx())).toMatchObject({
      appName: 'info',
      message: 'started',
    });
    const plain = parseSyslogHeader('Feb 14 06:30:11 h app[1]: notice this', ctx());
    expect(plain?.level).toBeUndefined();
    expect(plain?.message).toBe('notice this');
  });

  it('returns undefined for a line without a syslog timestamp', () => {
    expect(parseSyslogHeader('hello world', ctx())).toBeUndefined();
  });
});

describe('year inference for year-less timestamps', () => {
  const at = (iso: string) => ({ options: {}, now: new Date(iso) });
  it('keeps an earlier month in the current year', () => {
    expect(
      parseSyslogHeader('Mar  9 23:59:01 h app: x', at('2026-11-23T00:00:00Z'))?.timestamp?.getUTCFullYear(),
    ).toBe(2026);
  });
  it('puts a month far ahead of now in the previous year, and a January line read on 31 December in the next', () => {
    expect(
      parseSyslogHeader('Dec  9 23:59:01 h app: x', at('2026-03-01T00:00:00Z'))?.timestamp?.getUTCFullYear(),
    ).toBe(2025);
    expect(
      parseSyslogHeader('Jan  1 00:00:01 h app: x', at('2026-12-31T23:59:00Z'))?.timestamp?.getUTCFullYear(),
    ).toBe(2027);
  });
});
