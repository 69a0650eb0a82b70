import { describe, expect, it } from 'vitest';
import { appendUnique, fromFlat, getField, setField, toFlat } from './ecs.js';

describe('ecs helpers', () => {
  it('setField nests dotted paths, skips empty values and replaces non-objects on the way', () => {
    const doc: Record<string, unknown> = { source: 'x' };
    setField(doc, 'source.ip', '10.0.0.1');
    setField(doc, 'source.port', 443);
    setField(doc, 'source.domain', '');
    setField(doc, 'user.name', null);
    expect(doc).toEqual({ source: { ip: '10.0.0.1', port: 443 } });
    // The same literal path again (cached split) writes the same place.
    setField(doc, 'source.ip', '10.0.0.2');
    expect(getField(doc, 'source.ip')).toBe('10.0.0.2');
  });

  it('getField prefers a literal dotted key at each level, then the shortest head', () => {
    const doc = { a: { 'b.c': 1, b: { c: 2 } }, 'x.y': 3, x: { y: 4 } };
    expect(getField(doc, 'a.b.c')).toBe(1);
    expect(getField(doc, 'x.y')).toBe(3);
    expect(getField({ a: { b: { c: 2 } } }, 'a.b.c')).toBe(2);
    expect(getField({ 'a.b': { c: 5 } }, 'a.b.c')).toBe(5);
    // A head that leads nowhere falls back to the next cut.
    expect(getField({ a: { z: 1 }, 'a.b': 6 }, 'a.b')).toBe(6);
    expect(getField({ a: { b: 1 } }, '.a.b')).toBeUndefined();
    expect(getField('text', 'a')).toBeUndefined();
  });

  it('appendUnique keeps values unique and turns a scalar into an array', () => {
    const doc: Record<string, unknown> = {};
    appendUnique(doc, 'related.ip', '10.0.0.1', '10.0.0.1', '', undefined, '10.0.0.2');
    appendUnique(doc, 'related.ip', '10.0.0.2');
    expect(getField(doc, 'related.ip')).toEqual(['10.0.0.1', '10.0.0.2']);
    setField(doc, 'event.category', 'network');
    appendUnique(doc, 'event.category', 'network', 'intrusion_detection');
    expect(getField(doc, 'event.category')).toEqual(['network', 'intrusion_detection']);
  });

  it('fromFlat / toFlat round-trip, and stay bounded on hostile depth', () => {
    const flat = { 'source.ip': '10.0.0.1', 'source.port': 1, 'event.kind': 'event', tags: ['a'] };
    expect(toFlat(fromFlat(flat))).toEqual(flat);
    // A 1,000-part path is cut at the depth bound: the tail stays one literal key.
    const long = Array.from({ length: 1000 }, (_, i) => `k${i}`).join('.');
    const doc = fromFlat({ [long]: 1 });
    expect(() => JSON.stringify(doc)).not.toThrow();
    const keys = Object.keys(toFlat(doc));
    expect(keys).toHaveLength(1);
    expect(keys[0].split('.')).toHaveLength(1000);
  });
});
