/**
 * Per-event state of the engine: the flattened event, lazily resolved accessor values with a lower-cased cache,
 * and the Aho-Corasick hit bits (stamped, so nothing is cleared between events).
 */
import type { MatchSink } from './aho-corasick.js';
import { MISSING, type FieldView } from '../pipelines/field-view.js';

export const HIT_CONTAINS = 1;
export const HIT_PREFIX = 2;
export const HIT_SUFFIX = 4;
export const HIT_EQ = 8;

/** An accessor: the keys of the flattened event that hold one (mapped) field, first present wins. */
export interface Accessor {
  id: number;
  keys: string[];
}

const EMPTY: unknown[] = [];
/** Key of the pseudo-accessor of keyword (field-less) searches: every scalar value of the event. */
export const KEYWORD_KEY = '\u0000keywords';

export class EventContext implements MatchSink {
  view!: FieldView;
  stamp = 0;
  readonly hitStamp: Uint32Array;
  readonly hitBits: Uint8Array;
  readonly touched: number[] = [];
  private readonly valStamp: Uint32Array;
  private readonly vals: unknown[][];
  private readonly lowStamp: Uint32Array;
  private readonly lows: string[][];
  private readonly single: unknown[][] = [];
  private readonly lowSingle: string[][] = [];
  private readonly presentStamp: Uint32Array;
  private readonly present: Uint8Array;
  /** Length of the element being scanned, for prefix/suffix/eq bits. */
  private scanLen = 0;
  allStrings: string[] | null = null;

  constructor(
    readonly accessors: Accessor[],
    patternCount: number,
  ) {
    this.hitStamp = new Uint32Array(patternCount);
    this.hitBits = new Uint8Array(patternCount);
    const n = accessors.length;
    this.valStamp = new Uint32Array(n);
    this.vals = new Array(n);
    this.lowStamp = new Uint32Array(n);
    this.lows = new Array(n);
    this.presentStamp = new Uint32Array(n);
    this.scanStamp = new Uint32Array(n);
    this.present = new Uint8Array(n);
  }

  reset(view: FieldView): void {
    this.view = view;
    this.stamp++;
    if (this.stamp === 0xffffffff) {
      this.stamp = 1;
      this.hitStamp.fill(0);
      this.valStamp.fill(0);
      this.lowStamp.fill(0);
      this.presentStamp.fill(0);
      this.scanStamp.fill(0);
    }
    this.touched.length = 0;
    this.allStrings = null;
  }

  private resolve(acc: number): void {
    const keys = this.accessors[acc].keys;
    if (keys[0] === KEYWORD_KEY) {
      this.vals[acc] = this.strings();
      this.present[acc] = this.vals[acc].length ? 1 : 0;
      this.valStamp[acc] = this.stamp;
      return;
    }
    let found = false;
    let out: unknown[] = EMPTY;
    for (let i = 0; i < keys.length; i++) {
      const v = this.view.lookup(keys[i]);
      if (v === MISSING) continue;
      found = true;
      if (v === null || v === undefined) out = EMPTY;
      else if (Array.isArray(v))
        out = v.filter((x) => x !== null && x !== undefined && typeof x !== 'object');
      else if (typeof v === 'object') out = EMPTY;
      else {
        // One-element arrays are reused from event to event: values are only read during the event.
        out = this.single[acc] ??= [undefined];
        out[0] = v;
      }
      break;
    }
    this.vals[acc] = out;
    this.present[acc] = found ? 1 : 0;
    this.valStamp[acc] = this.stamp;
  }

  /** Raw scalar values of an accessor (arrays spread, null/objects dropped). */
  values(acc: number): unknown[] {
    if (this.valStamp[acc] !== this.stamp) this.resolve(acc);
    return this.vals[acc];
  }

  /** True when one of the accessor's keys exists in the event (even with a null value). */
  exists(acc: number): boolean {
    if (this.valStamp[acc] !== this.stamp) this.resolve(acc);
    return this.present[acc] === 1;
  }

  /** Lower-cased string forms of the values (cached for the event). */
  lower(acc: number): string[] {
    if (this.lowStamp[acc] !== this.stamp) {
      const v = this.values(acc);
      let out: string[];
      if (v.length === 1) {
        out = this.lowSingle[acc] ??= [''];
        out[0] = String(v[0]).toLowerCase();
      } else {
        out = new Array<string>(v.length);
        for (let i = 0; i < v.length; i++) out[i] = String(v[i]).toLowerCase();
      }
      this.lows[acc] = out;
      this.lowStamp[acc] = this.stamp;
    }
    return this.lows[acc];
  }

  /** Every scalar string value of the event (keyword searches). */
  strings(): string[] {
    this.allStrings ??= this.view.strings();
    return this.allStrings;
  }

  /** Records a hit found without the automaton (small pattern sets use indexOf). */
  mark(pid: number, bits: number): void {
    if (this.hitStamp[pid] !== this.stamp) {
      this.hitStamp[pid] = this.stamp;
      this.hitBits[pid] = bits;
      this.touched.push(pid);
    } else this.hitBits[pid] |= bits;
  }

  beginScan(len: number): void {
    this.scanLen = len;
  }

  hit(pid: number, start: number, end: number): void {
    let bits = HIT_CONTAINS;
    if (start === 0) bits |= HIT_PREFIX;
    if (end === this.scanLen) bits |= HIT_SUFFIX;
    if (start === 0 && end === this.scanLen) bits |= HIT_EQ;
    if (this.hitStamp[pid] !== this.stamp) {
      this.hitStamp[pid] = this.stamp;
      this.hitBits[pid] = bits;
      this.touched.push(pid);
    } else this.hitBits[pid] |= bits;
  }

  /** Accessor of each pattern, and the per-event scan state of accessors scanned lazily (on first test). */
  patternAcc: Int32Array = new Int32Array(0);
  readonly scanStamp: Uint32Array;
  lazyScan: (acc: number) => void = () => {};

  hasHit(pid: number, mask: number): boolean {
    const acc = this.patternAcc[pid];
    if (this.scanStamp[acc] !== this.stamp) {
      this.scanStamp[acc] = this.stamp;
      this.lazyScan(acc);
    }
    return this.hitStamp[pid] === this.stamp && (this.hitBits[pid] & mask) !== 0;
  }
}
