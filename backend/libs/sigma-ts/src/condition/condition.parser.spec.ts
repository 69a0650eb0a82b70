import { describe, expect, it } from 'vitest';
import { matcher, rejection } from '../testing/rule-helpers.js';

const idents = `a:\n  A: 1\nb:\n  B: 1\nc:\n  C: 1\nsel_x:\n  X: 1\nsel_y:\n  Y: 1\n_hidden:\n  H: 1\n`;

describe('conditions', () => {
  it('not binds tighter than and, and tighter than or', () => {
    const m = matcher(idents + 'condition: a or b and not c');
    expect(m({ A: 1, C: 1 })).toBe(true); // a or ((b and (not c)))
    expect(m({ B: 1, C: 1 })).toBe(false);
    expect(m({ B: 1 })).toBe(true);
  });
  it('parentheses override precedence', () => {
    const m = matcher(idents + 'condition: (a or b) and not c');
    expect(m({ A: 1, C: 1 })).toBe(false);
    expect(m({ A: 1 })).toBe(true);
  });
  it('1 of / any of / all of with patterns', () => {
    expect(matcher(idents + 'condition: 1 of sel_*')({ Y: 1 })).toBe(true);
    expect(matcher(idents + 'condition: any of sel_*')({ X: 1 })).toBe(true);
    expect(matcher(idents + 'condition: all of sel_*')({ X: 1 })).toBe(false);
    expect(matcher(idents + 'condition: all of sel_*')({ X: 1, Y: 1 })).toBe(true);
  });
  it('them excludes identifiers starting with _', () => {
    const all = matcher(idents + 'condition: all of them');
    expect(all({ A: 1, B: 1, C: 1, X: 1, Y: 1 })).toBe(true);
    const one = matcher(idents + 'condition: 1 of them');
    expect(one({ H: 1 })).toBe(false);
    expect(matcher(idents + 'condition: _hidden')({ H: 1 })).toBe(true);
  });
  it('not 1 of', () => {
    const m = matcher(idents + 'condition: a and not 1 of sel_*');
    expect(m({ A: 1 })).toBe(true);
    expect(m({ A: 1, Y: 1 })).toBe(false);
  });
  it('list-valued conditions are OR-ed', () => {
    const m = matcher(idents + 'condition:\n  - a and b\n  - c');
    expect(m({ C: 1 })).toBe(true);
    expect(m({ A: 1 })).toBe(false);
    expect(m({ A: 1, B: 1 })).toBe(true);
  });
  it('keywords are case-insensitive operators', () => {
    expect(matcher(idents + 'condition: a AND NOT b')({ A: 1 })).toBe(true);
  });
  it('reports unknown identifiers, bad syntax and Sigma 1 aggregations', () => {
    expect(rejection(idents + 'condition: a and zz')).toMatch(/unknown search identifier 'zz'/);
    expect(rejection(idents + 'condition: (a or b')).toMatch(/missing \)/);
    expect(rejection(idents + 'condition: 1 of nomatch*')).toMatch(/matches no search identifier/);
    expect(rejection(idents + 'condition: a | count() by B > 3')).toMatch(
      /Sigma 1 aggregation '\| count\(\)'/,
    );
    expect(rejection(idents + 'condition: a near b')).toMatch(/Sigma 1 'near'/);
  });
});
