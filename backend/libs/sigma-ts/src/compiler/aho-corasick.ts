/**
 * Aho-Corasick multi-pattern matcher over UTF-16 code units. Transitions live in one open-addressing hash table
 * (typed arrays). The shallow states (depth ≤ 2, where a scan of text that mostly does not match spends its time)
 * also get a dense ASCII table of complete DFA moves (failure links already followed), so such a character costs
 * one array read instead of a probe per failure link.
 */

/** Dense rows (128 ASCII moves each) per automaton at most: 1,024 rows = 512 KB. */
const MAX_DENSE_STATES = 1024;
const DENSE_DEPTH = 2;

export interface MatchSink {
  /** Called for every occurrence: pattern id, start index, end index (exclusive). */
  hit(pid: number, start: number, end: number): void;
}

export class AhoCorasick {
  private readonly fail: Int32Array;
  private readonly outStart: Int32Array;
  private readonly outCount: Int32Array;
  private readonly outPids: Int32Array;
  private readonly outLens: Int32Array;
  private readonly dict: Int32Array;
  private readonly rootAscii: Int32Array;
  private readonly hState: Int32Array;
  private readonly hChar: Int32Array;
  private readonly hNext: Int32Array;
  /** Row of a state in `dense` (× 128), or -1. */
  private readonly denseRow: Int32Array;
  /** Complete ASCII moves of the shallow states. */
  private readonly dense: Int32Array;
  private readonly mask: number;
  readonly size: number;

  /** `patterns`: [text, pattern id] pairs; texts must be non-empty. */
  constructor(patterns: [string, number][]) {
    const children: Map<number, number>[] = [new Map()];
    const own: number[][] = [[]];
    const depth: number[] = [0];
    for (const [text, pid] of patterns) {
      let s = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        let n = children[s].get(c);
        if (n === undefined) {
          n = children.length;
          children.push(new Map());
          own.push([]);
          depth.push(depth[s] + 1);
          children[s].set(c, n);
        }
        s = n;
      }
      own[s].push(pid);
    }
    const count = children.length;
    this.size = count;
    let edges = 0;
    for (const m of children) edges += m.size;
    let cap = 16;
    while (cap < edges * 2) cap <<= 1;
    this.mask = cap - 1;
    this.hState = new Int32Array(cap).fill(-1);
    this.hChar = new Int32Array(cap);
    this.hNext = new Int32Array(cap);
    this.rootAscii = new Int32Array(128);
    for (let s = 0; s < count; s++) {
      for (const [c, n] of children[s]) {
        if (s === 0 && c < 128) this.rootAscii[c] = n;
        else this.put(s, c, n);
      }
    }
    // BFS for failure links and dictionary links.
    const fail = new Int32Array(count);
    const dict = new Int32Array(count).fill(-1);
    const queue: number[] = [];
    for (const n of children[0].values()) {
      fail[n] = 0;
      queue.push(n);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi];
      for (const [c, n] of children[s]) {
        let f = fail[s];
        let t = this.get(f, c);
        while (t < 0 && f !== 0) {
          f = fail[f];
          t = this.get(f, c);
        }
        fail[n] = t >= 0 && t !== n ? t : 0;
        dict[n] = own[fail[n]].length ? fail[n] : dict[fail[n]];
        queue.push(n);
      }
    }
    this.fail = fail;
    this.dict = dict;
    // Dense ASCII moves of the root and the shallow states, in BFS order: a state's failure state is shallower, so
    // its row is complete when the state's row is filled.
    const rows = [0];
    for (const s of queue) {
      if (rows.length >= MAX_DENSE_STATES || depth[s] > DENSE_DEPTH) break;
      rows.push(s);
    }
    this.denseRow = new Int32Array(count).fill(-1);
    this.dense = new Int32Array(rows.length * 128);
    rows.forEach((s, r) => (this.denseRow[s] = r * 128));
    for (const s of rows) {
      const row = this.denseRow[s];
      for (let c = 0; c < 128; c++) {
        const t = s === 0 ? this.rootAscii[c] : this.get(s, c);
        this.dense[row + c] = t >= 0 ? t : s === 0 ? 0 : this.dense[this.denseRow[fail[s]] + c];
      }
    }
    this.outStart = new Int32Array(count);
    this.outCount = new Int32Array(count);
    let total = 0;
    for (const o of own) total += o.length;
    this.outPids = new Int32Array(total);
    this.outLens = new Int32Array(total);
    let k = 0;
    for (let s = 0; s < count; s++) {
      this.outStart[s] = k;
      this.outCount[s] = own[s].length;
      for (const pid of own[s]) {
        this.outPids[k] = pid;
        this.outLens[k] = depth[s];
        k++;
      }
    }
  }

  private put(s: number, c: number, n: number): void {
    let i = (Math.imul(s, 0x9e3779b1) ^ Math.imul(c + 1, 0x85ebca77)) & this.mask;
    while (this.hState[i] !== -1) i = (i + 1) & this.mask;
    this.hState[i] = s;
    this.hChar[i] = c;
    this.hNext[i] = n;
  }

  private get(s: number, c: number): number {
    if (s === 0 && c < 128) {
      const n = this.rootAscii[c];
      return n === 0 ? -1 : n;
    }
    let i = (Math.imul(s, 0x9e3779b1) ^ Math.imul(c + 1, 0x85ebca77)) & this.mask;
    for (;;) {
      const st = this.hState[i];
      if (st === -1) return -1;
      if (st === s && this.hChar[i] === c) return this.hNext[i];
      i = (i + 1) & this.mask;
    }
  }

  scan(text: string, sink: MatchSink): void {
    const hState = this.hState;
    const hChar = this.hChar;
    const hNext = this.hNext;
    const mask = this.mask;
    const fail = this.fail;
    const outCount = this.outCount;
    const dict = this.dict;
    const n = text.length;
    const denseRow = this.denseRow;
    const dense = this.dense;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      let t: number;
      for (;;) {
        if (c < 128) {
          const row = denseRow[s];
          if (row >= 0) {
            t = dense[row + c];
            break;
          }
        }
        if (s === 0) {
          // a non-ASCII character at the root
          t = 0;
          let h = Math.imul(c + 1, 0x85ebca77) & mask;
          for (;;) {
            const st = hState[h];
            if (st === -1) break;
            if (st === 0 && hChar[h] === c) {
              t = hNext[h];
              break;
            }
            h = (h + 1) & mask;
          }
          break;
        }
        t = -1;
        let h = (Math.imul(s, 0x9e3779b1) ^ Math.imul(c + 1, 0x85ebca77)) & mask;
        for (;;) {
          const st = hState[h];
          if (st === -1) break;
          if (st === s && hChar[h] === c) {
            t = hNext[h];
            break;
          }
          h = (h + 1) & mask;
        }
        if (t >= 0) break;
        s = fail[s];
      }
      s = t;
      if (s === 0) continue;
      let o = outCount[s] ? s : dict[s];
      while (o > 0) {
        const start = this.outStart[o];
        const end = start + outCount[o];
        for (let k = start; k < end; k++) sink.hit(this.outPids[k], i + 1 - this.outLens[k], i + 1);
        o = dict[o];
      }
    }
  }
}
