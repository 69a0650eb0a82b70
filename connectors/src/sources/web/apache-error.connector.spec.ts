import { describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { apacheErrorConnector as c } from './apache-error.connector.js';

const ctx = (timezone?: string) => ({ options: { timezone }, now: new Date('2024-06-01T00:00:00Z') });

describe('apache-error', () => {
  it('maps a 2.4 line, honouring the source time zone', () => {
    const out = c.parse(
      '[Tue Apr 02 10:20:30.123456 2024] [authz_core:error] [pid 4242:tid 139900] [client 198.51.100.23:50123] AH01630: client denied by server configuration: /srv/www/private',
      ctx('Europe/Paris'),
    );
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    const e = out.event;
    expect(e['@timestamp']).toBe('2024-04-02T08:20:30.123Z');
    expect(getField(e, 'log.level')).toBe('error');
    expect(getField(e, 'apache.error.module')).toBe('authz_core');
    expect(getField(e, 'process.pid')).toBe(4242);
    expect(getField(e, 'process.thread.id')).toBe(139900);
    expect(getField(e, 'client.ip')).toBe('198.51.100.23');
    expect(getField(e, 'client.port')).toBe(50123);
    expect(getField(e, 'error.code')).toBe('AH01630');
    expect(getField(e, 'event.type')).toEqual(['error']);
  });

  it('maps a 2.2 line (no module) as UTC by default', () => {
    const out = c.parse(
      '[Mon Jan 08 23:59:59 2024] [notice] Apache configured -- resuming normal operations',
      ctx(),
    );
    expect(out.kind === 'event' && out.event['@timestamp']).toBe('2024-01-08T23:59:59.000Z');
    expect(out.kind === 'event' && getField(out.event, 'event.type')).toEqual(['info']);
  });

  it('rejects a line without the bracketed date', () => {
    const out = c.parse('AH00558: apache2: Could not reliably determine the server name', ctx());
    expect(out.kind).toBe('reject');
  });
});
