import { describe, expect, it } from 'vitest';
import { newEvent, setTimestamp } from './event.js';
import { rawParts } from './raw.js';

describe('rawParts', () => {
  it('takes a line as is, and the vendor text of an object by preference', () => {
    expect(rawParts('<13>Jan  5 10:00:00 h app: x')).toEqual({ text: '<13>Jan  5 10:00:00 h app: x' });
    const both = { message: 'shipper text', event: { original: 'vendor text' } };
    expect(rawParts(both).text).toBe('shipper text');
    expect(rawParts(both, 'original').text).toBe('vendor text');
    expect(rawParts({ message: '', event: { original: 'vendor text' } }).text).toBe('vendor text');
    expect(rawParts({ eventName: 'x' })).toEqual({ obj: { eventName: 'x' } });
  });
});

describe('newEvent / setTimestamp', () => {
  const ctx = (keepOriginal?: boolean) => ({
    options: { keepOriginal },
    now: new Date('2024-01-01T00:00:00Z'),
  });
  it('starts a document with kind, original, observer and logsource, and honours keepOriginal', () => {
    expect(
      newEvent(
        ctx(),
        'raw',
        { category: 'firewall', product: 'acme' },
        { vendor: 'Acme', product: 'FW', type: 'firewall' },
      ),
    ).toEqual({
      event: { kind: 'event', original: 'raw' },
      observer: { vendor: 'Acme', product: 'FW', type: 'firewall' },
      vigie: { logsource: { category: 'firewall', product: 'acme' } },
    });
    expect(newEvent(ctx(false), 'raw', { product: 'acme' })).toEqual({
      event: { kind: 'event' },
      vigie: { logsource: { product: 'acme' } },
    });
  });
  it('refuses a missing or invalid date', () => {
    const doc = {};
    expect(setTimestamp(doc, new Date('nope'))).toBe(false);
    expect(setTimestamp(doc, undefined)).toBe(false);
    expect(setTimestamp(doc, new Date('2024-02-03T04:05:06Z'))).toBe(true);
    expect(doc).toEqual({ '@timestamp': '2024-02-03T04:05:06.000Z' });
  });
});
