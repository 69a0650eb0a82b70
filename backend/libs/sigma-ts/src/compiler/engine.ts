/**
 * The compiled rule set. Per event: route by logsource, scan each field that the routed rules use once with the
 * Aho-Corasick automaton holding every literal of every rule on that field (or indexOf for a handful of literals),
 * then evaluate only the rules whose "cover" patterns were hit (plus the few rules without a literal cover).
 * No AST is walked per event: conditions are compiled to closures.
 */
import { getPipeline, type PipelineName } from '../pipelines/index.js';
import { MISSING, type FieldView } from '../pipelines/field-view.js';
import { routeKey, routeMatches, type EventRoute, type Pipeline } from '../pipelines/pipeline.js';
import type { DetectionNode, Issue, Logsource, RuleLevel, SigmaFilter, SigmaRule } from '../types.js';
import { AhoCorasick } from './aho-corasick.js';
import {
  EventContext,
  HIT_CONTAINS,
  HIT_EQ,
  HIT_PREFIX,
  HIT_SUFFIX,
  KEYWORD_KEY,
  type Accessor,
} from './event-context.js';
import { allOf, anyOf, compileFieldTest, unionCover, type Fn, type LeafRegistry } from './leaf.compiler.js';

export { KEYWORD_KEY };

export interface EngineOptions {
  pipeline: PipelineName | Pipeline;
}

export interface RuleInfo {
  id: string;
  name?: string;
  title: string;
  level?: RuleLevel;
  tags: string[];
  path: string;
  logsource: Logsource;
}

export interface Match {
  rule: RuleInfo;
  /** Value of a Sigma field in the matched event, through the pipeline's mapping for the rule's logsource (a method: bind it to pass it on). */
  field(sigmaField: string): unknown;
}

export interface MatchOptions {
  /** Routing keys for pipelines that cannot derive them (`none`). */
  logsource?: Logsource;
}

interface CompiledRule {
  info: RuleInfo;
  fn: Fn;
  cover: number[] | null;
  sigma: SigmaRule;
  /** Literal pattern ids the rule (and its filters) test. */
  pids: number[];
}

/** The literals of one field for one route: an automaton, or a handful of strings searched with indexOf. */
interface Scanner {
  acc: number;
  ac?: AhoCorasick;
  small?: [string, number][];
  /** For medium sets: one alternation regex run first (native code); the exact scan only runs when it finds something. */
  pre?: RegExp;
}

interface RouteInfo {
  mask: Uint8Array;
  always: number[];
  /** Fields holding cover literals of the routed rules: scanned for every event (keywords included). */
  scanners: Scanner[];
  /** Other fields with literals, by accessor: scanned only when a candidate rule tests one of them. */
  lazy: (Scanner | undefined)[];
}

/** Up to this many literals on a field, indexOf beats walking an automaton character by character. */
const SMALL_SET = 6;
/** Up to this many literals, a regex alternation is a cheaper first pass than the automaton. */
const PREFILTER_SET = 512;

export class SigmaEngine {
  readonly pipeline: Pipeline;
  readonly degraded: Issue[] = [];
  /** Rules that parsed but cannot be compiled (e.g. a regex that cannot run safely). */
  readonly rejected: Issue[] = [];
  private readonly rules: CompiledRule[] = [];
  private readonly accessors: Accessor[] = [];
  private readonly accessorIds = new Map<string, number>();
  private readonly patterns: Map<string, number>[] = [];
  private patternCount = 0;
  private readonly patternRefs: number[] = [];
  private readonly patternLen: number[] = [];
  private readonly patternAcc: number[] = [];
  private readonly patternLit: string[] = [];
  private triggers: Int32Array[] = [];
  private readonly routes = new Map<string, RouteInfo>();
  private lazy: (Scanner | undefined)[] = [];
  private ctx!: EventContext;
  private candStamp!: Uint32Array;

  constructor(rules: SigmaRule[], filters: SigmaFilter[], opts: EngineOptions) {
    this.pipeline = getPipeline(opts.pipeline);
    const pending: {
      rule: SigmaRule;
      fn: Fn;
      node: DetectionNode;
      leafCovers: Map<DetectionNode, number[] | null>;
      pids: Set<number>;
    }[] = [];
    for (const rule of rules) {
      const leafCovers = new Map<DetectionNode, number[] | null>();
      const degraded = new Set<string>();
      const pids = new Set<number>();
      const reg = this.registry(rule.logsource, degraded, pids);
      let fn = this.compileNode(rule.detection, rule.logsource, reg, leafCovers, degraded);
      if (typeof fn === 'string') {
        this.rejected.push({ path: rule.path, id: rule.id, reason: fn });
        continue;
      }
      const fs = filters.filter(
        (f) => f.rules.includes(rule.id) || (rule.name !== undefined && f.rules.includes(rule.name)),
      );
      if (fs.length) {
        const filterFns: Fn[] = [];
        for (const f of fs) {
          const ff = this.compileNode(f.detection, rule.logsource, reg, new Map(), degraded);
          if (typeof ff === 'string') {
            this.rejected.push({ path: f.path, id: f.id, reason: `filter for rule ${rule.id}: ${ff}` });
            continue;
          }
          filterFns.push(ff);
        }
        if (filterFns.length) {
          const base = fn;
          const excl = anyOf(filterFns);
          fn = (c) => base(c) && !excl(c);
        }
      }
      for (const d of degraded) this.degraded.push({ path: rule.path, id: rule.id, reason: d });
      pending.push({ rule, fn, node: rule.detection, leafCovers, pids });
    }
    // Second pass: choose covers now that pattern reference counts are known; then build automata.
    for (const p of pending) {
      const cover = this.cover(p.node, p.leafCovers);
      const r = p.rule;
      this.rules.push({
        info: {
          id: r.id,
          name: r.name,
          title: r.title,
          level: r.level,
          tags: r.tags,
          path: r.path,
          logsource: r.logsource,
        },
        fn: p.fn,
        cover,
        sigma: r,
        pids: [...p.pids],
      });
    }
    this.build();
  }

  get ruleCount(): number {
    return this.rules.length;
  }

  get patternTotal(): number {
    return this.patternCount;
  }

  /** Rules compiled into this engine, in order. */
  ruleInfos(): RuleInfo[] {
    return this.rules.map((r) => r.info);
  }

  private accessor(keys: string[]): number {
    const k = keys.join('\u0001');
    let id = this.accessorIds.get(k);
    if (id === undefined) {
      id = this.accessors.length;
      this.accessors.push({ id, keys });
      this.accessorIds.set(k, id);
      this.patterns.push(new Map());
    }
    return id;
  }

  private registry(
    ls: Logsource,
    degraded: Set<string>,
    pids: Set<number>,
  ): LeafRegistry & { map(field: string | null): number } {
    const map = (field: string | null): number => {
      if (field === null) return this.accessor([KEYWORD_KEY]);
      const m = this.pipeline.mapField(field, ls);
      if (m.degraded) degraded.add(m.degraded);
      return this.accessor(m.keys);
    };
    return {
      map,
      accessorFor: (field) => map(field),
      pattern: (acc, lit) => {
        const table = this.patterns[acc];
        let pid = table.get(lit);
        if (pid === undefined) {
          pid = this.patternCount++;
          table.set(lit, pid);
          this.patternRefs.push(0);
          this.patternLen.push(lit.length);
          this.patternAcc.push(acc);
          this.patternLit.push(lit);
        }
        this.patternRefs[pid]++;
        pids.add(pid);
        return pid;
      },
    };
  }

  private compileNode(
    node: DetectionNode,
    ls: Logsource,
    reg: LeafRegistry & { map(field: string | null): number },
    covers: Map<DetectionNode, number[] | null>,
    degraded: Set<string>,
  ): Fn | string {
    switch (node.kind) {
      case 'field': {
        const acc = reg.map(node.field);
        const leaf = compileFieldTest(node, acc, reg, (cs) => this.bestCover(cs));
        if (typeof leaf === 'string') return leaf;
        covers.set(node, leaf.cover);
        return leaf.fn;
      }
      case 'and':
      case 'or': {
        const fns: Fn[] = [];
        for (const ch of node.children) {
          const f = this.compileNode(ch, ls, reg, covers, degraded);
          if (typeof f === 'string') return f;
          fns.push(f);
        }
        return node.kind === 'and' ? allOf(fns) : anyOf(fns);
      }
      case 'not': {
        const f = this.compileNode(node.child, ls, reg, covers, degraded);
        if (typeof f === 'string') return f;
        return (c) => !f(c);
      }
      case 'const': {
        const v = node.value;
        return () => v;
      }
    }
  }

  /** Estimated cost of a cover: short and widely shared literals trigger often. */
  private coverCost(cover: number[]): number {
    let cost = 0;
    for (const pid of cover) {
      const len = this.patternLen[pid] ?? 1;
      const base = len >= 8 ? 1 : len >= 5 ? 3 : len >= 3 ? 10 : 40;
      cost += base * (1 + (this.patternRefs[pid] ?? 0) / 8);
    }
    return cost;
  }

  private bestCover(cs: (number[] | null)[]): number[] | null {
    let best: number[] | null = null;
    let bestCost = Infinity;
    for (const c of cs) {
      if (c === null) continue;
      const cost = this.coverCost(c);
      if (cost < bestCost) {
        best = c;
        bestCost = cost;
      }
    }
    return best;
  }

  private cover(node: DetectionNode, leaf: Map<DetectionNode, number[] | null>): number[] | null {
    switch (node.kind) {
      case 'field':
        return leaf.get(node) ?? null;
      case 'and':
        return this.bestCover(node.children.map((c) => this.cover(c, leaf)));
      case 'or':
        return unionCover(node.children.map((c) => this.cover(c, leaf)));
      default:
        return null;
    }
  }

  private build(): void {
    const trig: number[][] = Array.from({ length: this.patternCount }, () => []);
    this.rules.forEach((r, i) => {
      if (r.cover) for (const pid of r.cover) trig[pid].push(i);
    });
    this.triggers = trig.map((t) => Int32Array.from(t));
    this.ctx = new EventContext(this.accessors, this.patternCount);
    this.ctx.patternAcc = Int32Array.from(this.patternAcc);
    this.ctx.lazyScan = (acc) => {
      const sc = this.lazy[acc];
      if (sc) this.scanField(sc);
    };
    this.candStamp = new Uint32Array(this.rules.length);
  }

  private routeInfo(route: EventRoute | null): RouteInfo {
    const key = routeKey(route);
    let info = this.routes.get(key);
    if (!info) {
      const mask = new Uint8Array(this.rules.length);
      const always: number[] = [];
      const byAcc = new Map<number, Set<number>>();
      const eager = new Set<number>();
      this.rules.forEach((r, i) => {
        if (!routeMatches(r.info.logsource, route)) return;
        mask[i] = 1;
        if (!r.cover) always.push(i);
        else for (const pid of r.cover) eager.add(this.patternAcc[pid]);
        for (const pid of r.pids) {
          const acc = this.patternAcc[pid];
          let set = byAcc.get(acc);
          if (!set) byAcc.set(acc, (set = new Set()));
          set.add(pid);
        }
      });
      const scanners: Scanner[] = [];
      const lazy: (Scanner | undefined)[] = new Array(this.accessors.length);
      for (const [acc, pids] of [...byAcc].sort((a, b) => a[0] - b[0])) {
        const entries: [string, number][] = [...pids].map((pid) => [this.patternLit[pid], pid]);
        const sc: Scanner =
          entries.length > SMALL_SET ? { acc, ac: new AhoCorasick(entries) } : { acc, small: entries };
        if (entries.length > SMALL_SET && entries.length <= PREFILTER_SET)
          sc.pre = new RegExp(entries.map(([lit]) => lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
        if (eager.has(acc)) scanners.push(sc);
        else lazy[acc] = sc;
      }
      info = { mask, always, scanners, lazy };
      this.routes.set(key, info);
    }
    return info;
  }

  /** Matches one event; returns the matching rules in rule order. */
  match(event: unknown, opts?: MatchOptions): Match[] {
    const view = this.pipeline.view(event);
    let route = this.pipeline.route(view);
    if (opts?.logsource) {
      const ls = opts.logsource;
      route = { product: ls.product, service: ls.service, categories: ls.category ? [ls.category] : [] };
    }
    const info = this.routeInfo(route);
    const ctx = this.ctx;
    ctx.reset(view);
    const stamp = ctx.stamp;
    // Scan each field holding cover literals of the routed rules, once; the others when first tested.
    this.lazy = info.lazy;
    const scanners = info.scanners;
    for (let a = 0; a < scanners.length; a++) {
      ctx.scanStamp[scanners[a].acc] = stamp;
      this.scanField(scanners[a]);
    }
    // Candidates: rules triggered by a hit pattern, plus the route's rules without a literal cover.
    const cands: number[] = [];
    const mask = info.mask;
    for (let t = 0; t < ctx.touched.length; t++) {
      const list = this.triggers[ctx.touched[t]];
      for (let k = 0; k < list.length; k++) {
        const r = list[k];
        if (mask[r] && this.candStamp[r] !== stamp) {
          this.candStamp[r] = stamp;
          cands.push(r);
        }
      }
    }
    for (const r of info.always) cands.push(r);
    if (cands.length === 0) return [];
    cands.sort((a, b) => a - b);
    const out: Match[] = [];
    for (const r of cands) {
      const rule = this.rules[r];
      if (rule.fn(ctx)) out.push(this.makeMatch(rule, view));
    }
    return out;
  }

  private scanField(sc: Scanner): void {
    const ctx = this.ctx;
    const { ac, small, pre } = sc;
    const lows = ctx.lower(sc.acc);
    for (let i = 0; i < lows.length; i++) {
      const s = lows[i];
      if (pre && !pre.test(s)) continue;
      if (ac) {
        ctx.beginScan(s.length);
        ac.scan(s, ctx);
      } else {
        for (let k = 0; k < small!.length; k++) {
          const [lit, pid] = small![k];
          if (lit.length === 0) continue;
          const at = s.indexOf(lit);
          if (at < 0) continue;
          let bits = HIT_CONTAINS;
          if (at === 0) bits |= HIT_PREFIX;
          if (s.endsWith(lit)) bits |= HIT_SUFFIX;
          if (s.length === lit.length) bits |= HIT_EQ;
          ctx.mark(pid, bits);
        }
      }
    }
  }

  matchBatch(events: unknown[], opts?: MatchOptions): Match[][] {
    return events.map((e) => this.match(e, opts));
  }

  /** Resolves a Sigma field of an event as a rule of logsource `ls` sees it (correlation group-by, alert fields). */
  resolveField(event: unknown, sigmaField: string, ls: Logsource = {}): unknown {
    return lookup(this.pipeline.view(event), this.pipeline.mapField(sigmaField, ls).keys);
  }

  private makeMatch(rule: CompiledRule, view: FieldView): Match {
    return new EventMatch(rule.info, view, this.pipeline);
  }
}

/**
 * A match as a class rather than an object with an arrow function: the backend runs through tsx, whose esbuild
 * `keepNames` wraps every function expression in a `__name()` call (a property definition) each time it is created —
 * measurable on the per-event path.
 */
class EventMatch implements Match {
  constructor(
    readonly rule: RuleInfo,
    private readonly view: FieldView,
    private readonly pipeline: Pipeline,
  ) {}

  field(sigmaField: string): unknown {
    return lookup(this.view, this.pipeline.mapField(sigmaField, this.rule.logsource).keys);
  }
}

function lookup(view: FieldView, keys: string[]): unknown {
  if (keys[0] === KEYWORD_KEY) return undefined;
  for (const k of keys) {
    const v = view.lookup(k);
    if (v !== MISSING) return v;
  }
  return undefined;
}
