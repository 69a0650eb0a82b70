import { describe, expect, it } from 'vitest';
import { AhoCorasick } from './aho-corasick.js';

function naive(patterns: string[], text: string): string[] {
  const out: string[] = [];
  patterns.forEach((p, pid) => {
    for (let i = text.indexOf(p); i >= 0; i = text.indexOf(p, i + 1)) out.push(`${pid}@${i}`);
  });
  return out.sort();
}

describe('AhoCorasick', () => {
  it('finds every occurrence of every pattern, overlapping ones included', () => {
    const patterns = ['he', 'she', 'his', 'hers', 'e', '\\cmd.exe', 'é€'];
    const ac = new AhoCorasick(patterns.map((p, i) => [p, i]));
    for (const text of ['ushers', 'hishershe', 'c:\\cmd.exe\\cmd.exe', 'xé€é€', '']) {
      const got: string[] = [];
      ac.scan(text, { hit: (pid, start) => got.push(`${pid}@${start}`) });
      expect(got.sort()).toEqual(naive(patterns, text));
    }
  });
  it('agrees with a naive search on random inputs', () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = 'abc\\.';
    const word = (len: number) => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]).join('');
    for (let round = 0; round < 50; round++) {
      const patterns = [...new Set(Array.from({ length: 1 + rnd(30) }, () => word(1 + rnd(5))))];
      const ac = new AhoCorasick(patterns.map((p, i) => [p, i]));
      const text = word(rnd(60));
      const got: string[] = [];
      ac.scan(text, {
        hit: (pid, start, end) => {
          expect(end - start).toBe(patterns[pid].length);
          got.push(`${pid}@${start}`);
        },
      });
      expect(got.sort()).toEqual(naive(patterns, text));
    }
  });
  it('agrees with a naive search when ASCII and non-ASCII mix and the dense rows run out', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    // 60 letters: 2-letter patterns alone give far more shallow states than the dense table holds
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123\\.é€';
    const word = (len: number) => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]).join('');
    for (let round = 0; round < 20; round++) {
      const patterns = [...new Set(Array.from({ length: 3000 }, () => word(1 + rnd(6))))];
      const ac = new AhoCorasick(patterns.map((p, i) => [p, i]));
      const text = word(2000);
      const got: string[] = [];
      ac.scan(text, { hit: (pid, start) => got.push(`${pid}@${start}`) });
      expect(got.sort()).toEqual(naive(patterns, text));
    }
  });
});
