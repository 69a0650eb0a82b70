import { describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { ciscoUmbrellaConnector as c } from './cisco-umbrella.connector.js';

const ctx = { options: {}, now: new Date('2024-06-01T00:00:00Z') };

describe('cisco-umbrella', () => {
  it('maps a DNS log', () => {
    const out = c.parse(
      '"2024-04-01 12:00:00","LAPTOP-9 (jdoe)","LAPTOP-9 (jdoe),Office","10.8.0.12","198.51.100.200","Blocked","1 (A)","NOERROR","evil.example.net.","Malware,Newly Seen Domains","Roaming Computers","Roaming Computers,Sites","Malware"',
      ctx,
    );
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    expect(getField(out.event, 'dns.question.name')).toBe('evil.example.net');
    expect(getField(out.event, 'dns.question.type')).toBe('A');
    expect(getField(out.event, 'event.action')).toBe('blocked');
    expect(getField(out.event, 'source.ip')).toBe('10.8.0.12');
    expect(getField(out.event, 'vigie.logsource')).toEqual({ category: 'dns', product: 'cisco_umbrella' });
  });

  it('maps a proxy log and an IP log', () => {
    const p = c.parse(
      '"2024-04-01 12:00:01","jdoe","10.8.0.12","198.51.100.200","203.0.113.50","text/html","ALLOWED","https://news.example.com/a?b=1","","Mozilla/5.0","200","512","2048","2000","","News","","","","","","AD Users",""',
      ctx,
    );
    expect(p.kind === 'event' && getField(p.event, 'url.domain')).toBe('news.example.com');
    expect(p.kind === 'event' && getField(p.event, 'http.response.status_code')).toBe(200);
    expect(p.kind === 'event' && getField(p.event, 'user_agent.original')).toBe('Mozilla/5.0');
    const i = c.parse(
      '"2024-04-01 12:00:02","branch-fw","10.9.0.2","51000","203.0.113.9","3389","Remote Access"',
      ctx,
    );
    expect(i.kind === 'event' && getField(i.event, 'destination.port')).toBe(3389);
  });

  it('rejects a non-Umbrella CSV line', () => {
    expect(c.parse('"a","b","c"', ctx).kind).toBe('reject');
  });
});
