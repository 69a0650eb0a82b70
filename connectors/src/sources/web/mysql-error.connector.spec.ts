import { describe, expect, it } from 'vitest';
import { getField } from '../../util/ecs.js';
import { mysqlErrorConnector as c } from './mysql-error.connector.js';

const ctx = (timezone?: string) => ({ options: { timezone }, now: new Date('2024-06-01T00:00:00Z') });

describe('mysql-error', () => {
  it('reads the 5.5 format with a time zone', () => {
    const out = c.parse(
      '240301 9:05:07 [Warning] Aborted connection 12 to db: unconnected user: app',
      ctx('+01:00'),
    );
    expect(out.kind === 'event' && out.event['@timestamp']).toBe('2024-03-01T08:05:07.000Z');
    expect(out.kind === 'event' && getField(out.event, 'log.level')).toBe('Warning');
  });

  it('reads the 8.0 format and an access-denied message', () => {
    const out = c.parse(
      "2024-03-01T09:05:07.123456Z 31 [Note] [MY-010926] [Server] Access denied for user 'root'@'203.0.113.4' (using password: YES)",
      ctx(),
    );
    expect(out.kind).toBe('event');
    if (out.kind !== 'event') return;
    expect(out.event['@timestamp']).toBe('2024-03-01T09:05:07.123Z');
    expect(getField(out.event, 'event.code')).toBe('MY-010926');
    expect(getField(out.event, 'mysql.thread_id')).toBe(31);
    expect(getField(out.event, 'user.name')).toBe('root');
    expect(getField(out.event, 'event.outcome')).toBe('failure');
  });

  it('rejects a continuation line alone', () => {
    const out = c.parse('InnoDB: Doublewrite buffer not found: creating new', ctx());
    expect(out.kind === 'reject' && out.reason).toMatch(/continuation/);
  });
});
