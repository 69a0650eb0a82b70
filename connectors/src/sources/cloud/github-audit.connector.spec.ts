import { describe, expect, it } from 'vitest';
import { githubAuditConnector as c } from './github-audit.connector.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

const line = JSON.stringify({
  '@timestamp': 1720000000000,
  action: 'repo.destroy',
  actor: 'octo-admin',
  actor_id: 42,
  actor_ip: '192.0.2.99',
  org: 'acme',
  repo: 'acme/legacy',
  user_agent: 'Mozilla/5.0',
  _document_id: 'd-1',
});

describe('github-audit', () => {
  it('maps a repository deletion', () => {
    const doc = parseOk(c, line);
    expect(
      fields(
        doc,
        '@timestamp',
        'event.action',
        'event.category',
        'event.type',
        'user.name',
        'user.id',
        'source.ip',
        'user_agent.original',
        'github.repo',
        'vigie.logsource',
      ),
    ).toEqual({
      '@timestamp': '2024-07-03T09:46:40.000Z',
      'event.action': 'repo.destroy',
      'event.category': ['configuration', 'web'],
      'event.type': ['deletion'],
      'user.name': 'octo-admin',
      'user.id': '42',
      'source.ip': '192.0.2.99',
      'user_agent.original': 'Mozilla/5.0',
      'github.repo': 'acme/legacy',
      'vigie.logsource': { product: 'github', service: 'audit' },
    });
  });
  it('rejects records without action/actor', () => {
    expect(reasonOf(c, '{"action":"repo.create"}')).toMatch(/not a GitHub audit event/);
    expect(reasonOf(c, '{"action":"repo.create","actor":"x","@timestamp":"soon"}')).toMatch(
      /unreadable @timestamp/,
    );
    expect(c.detect(line)).toBeGreaterThan(0.8);
  });
});
