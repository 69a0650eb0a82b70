/**
 * Generated domains and DNS tunnelling. Each queried name is split into its registered domain (last two labels,
 * three for public second-level suffixes like co.uk) and the rest. Scores: the Shannon entropy of the longest
 * label, and its mean character-bigram surprise under a model learned (at refresh) from the tenant's own
 * registered domains over the learning window, blended with a built-in prior of common bigrams. A name is a
 * generated-domain suspect when its score passes `min_score` and few sources ever queried its registered domain
 * (`max_population`); tunnelling when one registered domain gets `max_subdomains` distinct long subdomains in an
 * hour. One alert per registered domain and day.
 */
import {
  checkNumbers,
  evidenceBase,
  mergeParams,
  round,
  type BaselineModel,
  type Detector,
} from '../model.js';
import type { BaselineStateStore } from '../state/state-store.port.js';

const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'ac', 'edu', 'gouv']);
const PRIOR =
  'thheinerreanonatenesesontialtiistoriserarcocouteasitllmaleatnoofdeenmentrdelostcomicentlosatemarneorgfrcloudgooglemicrosoftamazonwwwapiservicelogincdnmailupdatestaticofficeonline';

export function splitDomain(name: string): { registered: string; sub: string; longest: string } {
  const labels = name.toLowerCase().replace(/\.$/, '').split('.').filter(Boolean);
  const n =
    labels.length >= 3 &&
    SECOND_LEVEL.has(labels[labels.length - 2]) &&
    labels[labels.length - 1].length === 2
      ? 3
      : 2;
  const registered = labels.slice(-n).join('.');
  const subLabels = labels.slice(0, -n);
  const longest = [...labels.slice(0, labels.length - n + 1)].sort((a, b) => b.length - a.length)[0] ?? '';
  return { registered, sub: subLabels.join('.'), longest };
}

export function entropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) h -= (c / s.length) * Math.log2(c / s.length);
  return h;
}

export interface BigramModel {
  counts: Record<string, number>;
  total: number;
}

export function learnBigrams(words: string[]): BigramModel {
  const counts: Record<string, number> = {};
  let total = 0;
  for (const w of [...words, PRIOR]) {
    const s = `^${w.toLowerCase().replace(/[^a-z0-9-]/g, '')}$`;
    for (let i = 0; i < s.length - 1; i++) {
      const b = s.slice(i, i + 2);
      counts[b] = (counts[b] ?? 0) + 1;
      total++;
    }
  }
  return { counts, total };
}

/** Mean surprise (−log2 p, add-one smoothing over ~1,400 bigrams) of a label's bigrams. */
export function surprise(model: BigramModel, label: string): number {
  const s = `^${label}$`;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < s.length - 1; i++) {
    const c = model.counts[s.slice(i, i + 2)] ?? 0;
    sum += -Math.log2((c + 1) / (model.total + 1400));
    n++;
  }
  return n ? sum / n : 0;
}

const cache = new Map<string, { at: number; model: BigramModel }>();
const PRIOR_MODEL = learnBigrams([]);

function modelOf(d: Detector, tenant: string): BigramModel {
  return cache.get(`${tenant}\u0000${d.def.id}`)?.model ?? PRIOR_MODEL;
}

/** Combined name score (0–100): entropy and bigram surprise of the longest label, scaled by its length. */
export function nameScore(
  model: BigramModel,
  name: string,
): { score: number; entropy: number; surprise: number; length: number; digits: number } {
  const { longest } = splitDomain(name);
  const e = entropy(longest);
  const s = surprise(model, longest);
  const digits = (longest.match(/\d/g) ?? []).length / Math.max(1, longest.length);
  const lengthFactor = Math.min(1, longest.length / 16);
  const score = Math.round(
    100 *
      Math.min(
        1,
        lengthFactor *
          (0.45 * Math.min(1, e / 4.2) + 0.45 * Math.min(1, s / 12) + 0.1 * Math.min(1, digits * 3)),
      ),
  );
  return { score, entropy: e, surprise: s, length: longest.length, digits };
}

export const domainNameModel: BaselineModel = {
  type: 'domain_name',
  validate(def) {
    if (!def.feature.field) return 'domain_name: feature.field (the queried name) is required';
    return checkNumbers(def, ['min_score', 'max_population', 'max_subdomains', 'min_label_length']);
  },
  params(def) {
    return mergeParams(def, { min_score: 70, max_population: 2, max_subdomains: 40, min_label_length: 12 });
  },
  plan(d, c) {
    if (!c.value) return undefined;
    const id = d.def.id;
    const tenant = c.ev.doc.vigie?.tenant ?? '';
    const { registered, sub, longest } = splitDomain(c.value);
    if (!registered.includes('.')) return undefined;
    const hour = Math.floor(c.ms / 3_600_000) * 3_600_000;
    const ns = nameScore(modelOf(d, tenant), c.value);
    const longSub = longest.length >= d.p.min_label_length && sub.length > 0;
    const ops = [
      { t: 'sadd' as const, k: `${id}:p:${registered}`, m: c.entity, ttl: Math.ceil(d.windowMs / 1000) },
      { t: 'sadd' as const, k: `${id}:domains`, m: registered },
      ...(longSub ? [{ t: 'sadd' as const, k: `${id}:s:${registered}:${hour}`, m: sub, ttl: 7200 }] : []),
    ];
    return {
      ops,
      decide([p, , s]) {
        const [, sources] = p as number[];
        const subs = s ? (s as number[])[1] : 0;
        const tunnel = subs >= d.p.max_subdomains;
        const generated = ns.score >= d.p.min_score && sources <= d.p.max_population;
        if (!tunnel && !generated) return undefined;
        const day = new Date(c.ms).toISOString().slice(0, 10);
        return {
          detector: id,
          key: `${registered}\u0000${day}`,
          entity: c.entity,
          events: [c.ev],
          evidence: {
            ...evidenceBase(d, c.entity),
            observed: c.value!,
            expected: tunnel
              ? `fewer than ${d.p.max_subdomains} distinct long subdomains per hour`
              : `name score below ${d.p.min_score} or a domain queried by more than ${d.p.max_population} sources`,
            baseline: `longest label "${longest}": entropy ${round(ns.entropy, 2)} bits/char, bigram surprise ${round(ns.surprise, 2)} bits (learned from the tenant's domains); ${sources} source(s) queried ${registered}; ${subs} distinct subdomains this hour`,
            statistics: {
              name_score: ns.score,
              entropy: round(ns.entropy, 3),
              bigram_surprise: round(ns.surprise, 3),
              label_length: ns.length,
              digit_ratio: round(ns.digits, 3),
              sources_for_domain: sources,
              subdomains_this_hour: subs,
            },
            score: tunnel ? Math.max(ns.score, 80) : ns.score,
            top_features: [
              {
                name: 'label entropy',
                value: round(ns.entropy, 2),
                contribution: round(Math.min(1, ns.entropy / 4.2)),
              },
              {
                name: 'bigram surprise',
                value: round(ns.surprise, 2),
                contribution: round(Math.min(1, ns.surprise / 12)),
              },
              {
                name: 'distinct subdomains this hour',
                value: subs,
                contribution: round(Math.min(1, subs / d.p.max_subdomains)),
              },
            ],
          },
        };
      },
    };
  },
  async refresh(d, store, tenant) {
    const domains = await store.smembers(tenant, `${d.def.id}:domains`);
    const model = learnBigrams(domains.map((x) => x.split('.')[0]));
    await store.hmset(tenant, `${d.def.id}:m`, { bigram: JSON.stringify(model) });
    cache.set(`${tenant}\u0000${d.def.id}`, { at: Date.now(), model });
  },
  /** Every worker scores with the model the last refresh stored (re-read at most every 30 s). */
  async prepare(d, store, tenant) {
    const key = `${tenant}\u0000${d.def.id}`;
    const cur = cache.get(key);
    if (cur && Date.now() - cur.at < 30_000) return;
    const [m] = await store.hgetall(tenant, [`${d.def.id}:m`]);
    cache.set(key, { at: Date.now(), model: m.bigram ? (JSON.parse(m.bigram) as BigramModel) : PRIOR_MODEL });
  },
};

export function bigramCacheFor(tenant: string, id: string, model: BigramModel): void {
  cache.set(`${tenant}\u0000${id}`, { at: Date.now(), model });
}

export type { BaselineStateStore };
