import { describe, expect, it } from 'vitest';
import { parseCsvLine } from './csv.parser.js';

describe('parseCsvLine', () => {
  it('reads quoted fields with separators and doubled quotes, and empty trailing fields', () => {
    expect(parseCsvLine('2024-05-01 10:00:00,"Doe, Jane","say ""hi""",,')).toEqual({
      fields: ['2024-05-01 10:00:00', 'Doe, Jane', 'say "hi"', '', ''],
    });
  });

  it('trims unquoted fields only when asked, and takes another separator', () => {
    expect(parseCsvLine(' a ; " b " ;c', { separator: ';', trim: true }).fields).toEqual(['a', ' b ', 'c']);
    expect(parseCsvLine(' a ,b').fields).toEqual([' a ', 'b']);
  });

  it('reports an unterminated quote while keeping the lenient reading', () => {
    expect(parseCsvLine('1,"open field, never closed')).toEqual({
      fields: ['1', 'open field, never closed'],
      error: 'unterminated quoted field 2',
    });
  });
});
