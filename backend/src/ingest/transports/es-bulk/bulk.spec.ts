import { describe, expect, it } from 'vitest';
import { parseBulk } from './bulk.parser.js';
import { recordForDocument, targetForIndex } from './index-mapping.js';

const nd = (...lines: unknown[]) =>
  lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';

describe('parseBulk', () => {
  it('pairs index/create actions with their documents, one op per action, in order', () => {
    const ops = parseBulk(
      nd(
        { index: { _index: 'vigie-acme-linux-auth', _id: 'a1' } },
        { message: 'one' },
        '',
        { create: {} },
        { message: 'two' },
        { index: { _index: 'x' } },
        { n: 3 },
      ),
      'path-index',
    );
    expect(ops.map((o) => [o.kind, o.action, o.index, o.id])).toEqual([
      ['doc', 'index', 'vigie-acme-linux-auth', 'a1'],
      ['doc', 'create', 'path-index', undefined],
      ['doc', 'index', 'x', undefined],
    ]);
  });

  it('answers delete and update with item errors and keeps the rest aligned', () => {
    const ops = parseBulk(
      nd(
        { delete: { _index: 'i', _id: '1' } },
        { update: { _index: 'i', _id: '2' } },
        { doc: { a: 1 } },
        { index: {} },
        { ok: true },
      ),
    );
    expect(ops.map((o) => [o.action, o.kind === 'error' ? o.status : 'doc'])).toEqual([
      ['delete', 400],
      ['update', 400],
      ['index', 'doc'],
    ]);
  });

  it('turns malformed lines into item errors: bad action (with its source), bad source, missing source', () => {
    const ops = parseBulk(
      nd(
        '{oops',
        { message: 'belongs to oops' },
        { index: {} },
        '{"message": broken',
        { index: {} },
        { message: 'fine' },
        { create: {} },
      ),
    );
    expect(ops.map((o) => (o.kind === 'error' ? `${o.action}:${o.type}` : 'doc'))).toEqual([
      'index:illegal_argument_exception',
      'index:document_parsing_exception',
      'doc',
      'create:action_request_validation_exception',
    ]);
  });

  it('accepts CRLF line ends and a body without a final newline', () => {
    expect(parseBulk('{"index":{}}\r\n{"message":"x"}').map((o) => o.kind)).toEqual(['doc']);
  });
});

describe('index → tenant and source', () => {
  const d = { tenant: 'default', source: 'auto' };
  it('reads vigie-<tenant>-<connector>, vigie-<connector>, vigie-<tenant>, and ignores other indices', () => {
    expect(targetForIndex('vigie-acme-linux-auth', d)).toEqual({ tenant: 'acme', source: 'linux-auth' });
    expect(targetForIndex('vigie-cisco-asa', d)).toEqual({ tenant: 'default', source: 'cisco-asa' });
    expect(targetForIndex('vigie-acme_eu-cisco-asa-2024.05.01', d)).toEqual({
      tenant: 'acme_eu',
      source: 'cisco-asa',
    });
    expect(targetForIndex('vigie-globex', d)).toEqual({ tenant: 'globex', source: 'auto' });
    expect(targetForIndex('filebeat-8.17.0', d)).toEqual(d);
    expect(targetForIndex('logs-generic-default', d)).toEqual(d);
    expect(targetForIndex(undefined, d)).toEqual(d);
    expect(targetForIndex('vigie-acme-no-such', d)).toMatchObject({
      error: expect.stringMatching(/names no known Vigie connector/),
    });
  });

  it('uses the raw text for text connectors and auto, the object for JSON connectors', () => {
    const beat = {
      '@timestamp': '2024-05-01T00:00:00Z',
      message: 'Accepted password for bob',
      host: { name: 'h' },
    };
    expect(recordForDocument(beat, 'auto')).toBe('Accepted password for bob');
    expect(recordForDocument(beat, 'linux-auth')).toBe('Accepted password for bob');
    expect(recordForDocument({ event: { original: '<13>raw' }, message: 'parsed' }, 'cisco-asa')).toBe(
      '<13>raw',
    );
    expect(recordForDocument({ 'event.original': 'flat raw' }, 'auto')).toBe('flat raw');
    const trail = { eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com', message: 'not json' };
    expect(recordForDocument(trail, 'aws-cloudtrail')).toBe(trail);
    expect(recordForDocument({ message: '{"eventName":"x"}' }, 'aws-cloudtrail')).toBe('{"eventName":"x"}');
    const noMessage = { eventName: 'ConsoleLogin' };
    expect(recordForDocument(noMessage, 'auto')).toBe(noMessage);
  });
});
