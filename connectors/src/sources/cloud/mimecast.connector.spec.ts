import { describe, expect, it } from 'vitest';
import { mimecastConnector as c } from './mimecast.connector.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

const receipt = JSON.stringify({
  Act: 'Rej',
  Dir: 'Inbound',
  IP: '203.0.113.31',
  MsgId: '<x1@spam.example>',
  Rcpt: 'sales@corp.example',
  Sender: 'promo@spam.example',
  Subject: 'WIN',
  aCode: 'code1',
  acc: 'C0B1',
  datetime: '2024-06-06T06:06:06+0200',
});

describe('mimecast', () => {
  it('maps a JSON receipt log, offset included', () => {
    const doc = parseOk(c, receipt);
    expect(
      fields(
        doc,
        '@timestamp',
        'event.action',
        'event.outcome',
        'source.ip',
        'email.direction',
        'email.from.address',
        'email.to.address',
        'email.subject',
        'vigie.logsource',
      ),
    ).toEqual({
      '@timestamp': '2024-06-06T04:06:06.000Z',
      'event.action': 'Rej',
      'event.outcome': 'unknown',
      'source.ip': '203.0.113.31',
      'email.direction': 'inbound',
      'email.from.address': ['promo@spam.example'],
      'email.to.address': ['sales@corp.example'],
      'email.subject': 'WIN',
      'vigie.logsource': { product: 'mimecast', service: 'siem' },
    });
  });
  it('reads the legacy key=value|… form and rejects foreign lines', () => {
    const kv =
      'datetime=2024-06-06T06:06:06+0000|aCode=code2|acc=C0B1|Sender=a@x.example|Rcpt=b@corp.example|IP=198.51.100.7|Act=Acc|Dir=Outbound';
    const doc = parseOk(c, kv);
    expect(fields(doc, '@timestamp', 'source.ip', 'email.direction', 'event.original')).toEqual({
      '@timestamp': '2024-06-06T06:06:06.000Z',
      'source.ip': '198.51.100.7',
      'email.direction': 'outbound',
      'event.original': kv,
    });
    expect(c.detect(kv)).toBeGreaterThan(0.8);
    expect(reasonOf(c, 'hello world')).toMatch(/^reject: mimecast: not a JSON object/);
    expect(reasonOf(c, '{"datetime":"2024-01-01T00:00:00Z"}')).toMatch(/not a Mimecast SIEM record/);
  });
});
