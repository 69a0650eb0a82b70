import { describe, expect, it } from 'vitest';
import { parseSyslogHeader } from './syslog.js';

const ctx = (timezone?: string) => ({ options: { timezone }, now: new Date('2024-08-10T12:00:00Z') });

describe('parseSyslogHeader', () => {
  it('reads an RFC 3164 line with priority, host and tag[pid]', () => {
    const h = parseSyslogHeader('<38>Mar  9 23:59:01 web01 sshd[1234]: Accepted password for bob', ctx());
    expect(h).toMatchObject({ format: 'rfc3164', facility: 4, severity: 6, hostname: 'web01', appName: 'sshd', procId: '1234' });
    expect(h?.message).toBe('Accepted password for bob');
    expect(h?.timestamp?.toISOString()).toBe('2024-03-09T23:59:01.000Z');
  });

  it('applies the source time zone to zone-less timestamps, daylight saving included', () => {
    expect(parseSyslogHeader('Jul  1 12:00:00 h app: x', ctx('Europe/Paris'))?.timestamp?.toISOString()).toBe('2024-07-01T10:00:00.000Z');
    expect(parseSyslogHeader('Jan  1 12:00:00 h app: x', ctx('-04:00'))?.timestamp?.toISOString()).toBe('2024-01-01T16:00:00.000Z');
    expect(parseSyslogHeader('Jan  1 12:00:00 h app: x', ctx('GMT+2'))?.timestamp?.toISOString()).toBe('2024-01-01T10:00:00.000Z');
  });

  it('puts a December event read in August into the previous year', () => {
    expect(parseSyslogHeader('Dec 31 23:00:00 h app: x', ctx())?.timestamp?.getUTCFullYear()).toBe(2023);
  });

  it('reads RFC 5424 with structured data', () => {
    const h = parseSyslogHeader('<165>1 2003-10-11T22:14:15.003Z mymachine evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="App"] An application event', ctx());
    expect(h).toMatchObject({ format: 'rfc5424', hostname: 'mymachine', appName: 'evntslog', msgId: 'ID47', message: 'An application event' });
    expect(h?.structuredData).toEqual({ 'exampleSDID@32473': { iut: '3', eventSource: 'App' } });
  });

  it('returns undefined for a line without a syslog timestamp', () => {
    expect(parseSyslogHeader('hello world', ctx())).toBeUndefined();
  });
});

describe('year inference for year-less timestamps', () => {
  const at = (iso: string) => ({ options: {}, now: new Date(iso) });
  it('keeps an earlier month in the current year', () => {
    expect(parseSyslogHeader('Mar  9 23:59:01 h app: x', at('2026-11-23T00:00:00Z'))?.timestamp?.getUTCFullYear()).toBe(2026);
  });
  it('puts a month far ahead of now in the previous year, and a January line read on 31 December in the next', () => {
    expect(parseSyslogHeader('Dec  9 23:59:01 h app: x', at('2026-03-01T00:00:00Z'))?.timestamp?.getUTCFullYear()).toBe(2025);
    expect(parseSyslogHeader('Jan  1 00:00:01 h app: x', at('2026-12-31T23:59:00Z'))?.timestamp?.getUTCFullYear()).toBe(2027);
  });
});
