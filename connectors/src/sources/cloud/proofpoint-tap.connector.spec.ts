import { describe, expect, it } from 'vitest';
import { proofpointTapConnector as c } from './proofpoint-tap.connector.js';
import { fields, parseOk, reasonOf } from './test-helpers.js';

const click = JSON.stringify({
  url: 'https://evil.example.net/login.php?u=a',
  classification: 'phish',
  clickTime: '2024-04-04T04:04:04.000Z',
  threatTime: '2024-04-03T00:00:00.000Z',
  userAgent: 'Mozilla/5.0',
  campaignId: 'camp-1',
  id: 'click-1',
  clickIP: '192.0.2.200',
  sender: 'ceo@spoof.example',
  recipient: 'acct@corp.example',
  senderIP: '198.51.100.250',
  GUID: 'g-1',
  threatID: 't-1',
  messageID: '<m1@spoof.example>',
});

describe('proofpoint-tap', () => {
  it('maps a blocked click (default stream) and a permitted one by option', () => {
    const doc = parseOk(c, click);
    expect(
      fields(
        doc,
        '@timestamp',
        'event.category',
        'event.type',
        'source.ip',
        'destination.ip',
        'url.full',
        'url.domain',
        'url.path',
        'url.query',
        'user_agent.original',
        'email.to.address',
      ),
    ).toEqual({
      '@timestamp': '2024-04-04T04:04:04.000Z',
      'event.category': ['email'],
      'event.type': ['denied'],
      'source.ip': '198.51.100.250',
      'destination.ip': '192.0.2.200',
      'url.full': 'https://evil.example.net/login.php?u=a',
      'url.domain': 'evil.example.net',
      'url.path': '/login.php',
      'url.query': 'u=a',
      'user_agent.original': 'Mozilla/5.0',
      'email.to.address': 'acct@corp.example',
    });
    expect(fields(parseOk(c, click, { tapStream: 'clicks_permitted' }), 'event.type')).toEqual({
      'event.type': ['allowed'],
    });
  });
  it('maps a delivered message and rejects foreign JSON', () => {
    const msg = parseOk(c, {
      messageTime: '2024-04-04T05:00:00Z',
      senderIP: '198.51.100.251',
      fromAddress: ['a@x.example'],
      recipient: ['b@corp.example'],
      subject: 'Invoice',
      threatsInfoMap: [{ classification: 'malware' }],
    });
    expect(
      fields(msg, 'event.type', 'email.subject', 'email.from.address', 'threat.indicator.description'),
    ).toEqual({
      'event.type': ['info'],
      'email.subject': 'Invoice',
      'email.from.address': ['a@x.example'],
      'threat.indicator.description': ['malware'],
    });
    expect(reasonOf(c, '{"url":"x"}')).toMatch(/not a Proofpoint TAP record/);
  });
});
