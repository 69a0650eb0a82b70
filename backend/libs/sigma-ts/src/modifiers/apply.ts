/**
 * Applies a field's modifier chain (`Field|mod1|mod2`) to its values and builds a FieldTest. Value transformations
 * (windash, expand, utf16*, base64*, contains/startswith/endswith) run in the order written, as in pySigma.
 */
import type { FieldTest, GlobPart, Pred } from '../types.js';
import { cidrNetwork, parseCidr } from './cidr.modifier.js';
import {
  base64,
  base64offset,
  byteStringToText,
  utf16bom,
  utf16be,
  utf16le,
  type ByteString,
} from './encoding.modifiers.js';
import { expandPlaceholders, type Placeholders } from './expand.modifier.js';
import { existsPred, fieldrefPred } from './field.modifiers.js';
import { NUMERIC_MODIFIERS, numericPred, type NumericModifier } from './numeric.modifiers.js';
import { RE_FLAG_ALIASES, compileRegex } from './regex.modifier.js';
import { hasWildcards, literalOf, parseSigmaString } from './sigma-string.js';
import { addWildcards, globToPred, windashVariants } from './string.modifiers.js';
import { TIME_MODIFIERS, timePred } from './time.modifiers.js';
import type { TimePart } from '../types.js';

export const KNOWN_MODIFIERS = new Set([
  'contains',
  'startswith',
  'endswith',
  'all',
  'exists',
  'cased',
  'neq',
  'windash',
  're',
  'i',
  'm',
  's',
  'ignorecase',
  'multiline',
  'dotall',
  'base64',
  'base64offset',
  'utf16le',
  'wide',
  'utf16be',
  'utf16',
  'lt',
  'lte',
  'gt',
  'gte',
  'minute',
  'hour',
  'day',
  'week',
  'month',
  'year',
  'cidr',
  'expand',
  'fieldref',
]);

export interface ModifierOptions {
  placeholders?: Placeholders;
}

type Val = { parts: GlobPart[] } | { bytes: ByteString } | { scalar: number | boolean | null };

/** Builds the test for one detection map entry. Returns a reason (naming field and modifier) on bad input. */
export function buildFieldTest(
  key: string,
  rawValue: unknown,
  opts: ModifierOptions = {},
): FieldTest | string {
  const [fieldName, ...mods] = key.split('|');
  const field = fieldName === '' ? null : fieldName;
  const where = `'${key}'`;
  for (const m of mods) if (!KNOWN_MODIFIERS.has(m)) return `${where}: unknown modifier '${m}'`;
  const has = (m: string) => mods.includes(m);
  const rawValues: unknown[] = Array.isArray(rawValue) ? rawValue : [rawValue];
  const join: 'and' | 'or' = has('all') ? 'and' : 'or';
  const cased = has('cased');
  const neq = has('neq');
  const wrap = (ps: Pred[]): FieldTest => {
    if (neq) return { kind: 'field', field, join: 'and', items: ps.map((p) => ({ t: 'not', p })) };
    return { kind: 'field', field, join, items: ps };
  };
  if (rawValues.length === 0) return `${where}: empty value list`;
  for (const v of rawValues) {
    if (v !== null && typeof v === 'object') return `${where}: nested object or list values are not allowed`;
  }

  // Modifiers that take the raw value rather than a Sigma string.
  if (has('exists')) {
    if (mods.length > 1) return `${where}: exists cannot be combined with other modifiers`;
    if (field === null) return `${where}: exists needs a field`;
    const p = existsPred(rawValues[0]);
    return typeof p === 'string' ? `${where}: ${p}` : { kind: 'field', field, join: 'or', items: [p] };
  }
  if (has('re')) {
    const flags = new Set<string>();
    for (const m of mods) {
      if (m === 're' || m === 'all' || m === 'neq') continue;
      const f = RE_FLAG_ALIASES[m];
      if (!f) return `${where}: modifier '${m}' cannot be combined with re`;
      flags.add(f);
    }
    const ps: Pred[] = [];
    for (const v of rawValues) {
      if (typeof v !== 'string') return `${where}: re needs a string pattern`;
      const f = [...flags].sort().join('');
      const c = compileRegex(v, f);
      if (typeof c === 'string') return `${where}: ${c}`;
      ps.push({ t: 're', source: v, flags: f });
    }
    return wrap(ps);
  }
  for (const m of mods)
    if (m in RE_FLAG_ALIASES && m.length > 1) return `${where}: '${m}' is only valid with re`;
  if (mods.some((m) => m === 'i' || m === 'm' || m === 's'))
    return `${where}: regex flags are only valid with re`;
  if (has('cidr')) {
    const ps: Pred[] = [];
    for (const v of rawValues) {
      const r = parseCidr(String(v));
      if (typeof r === 'string') return `${where}: ${r}`;
      ps.push({ t: 'cidr', cidr: cidrNetwork(r) });
    }
    return wrap(ps);
  }
  const numMod = mods.find((m): m is NumericModifier => (NUMERIC_MODIFIERS as readonly string[]).includes(m));
  if (numMod) {
    const ps: Pred[] = [];
    for (const v of rawValues) {
      const p = numericPred(numMod, v);
      if (typeof p === 'string') return `${where}: ${p}`;
      ps.push(p);
    }
    return wrap(ps);
  }
  const timeMod = mods.find((m): m is TimePart => (TIME_MODIFIERS as string[]).includes(m));
  if (timeMod) {
    const ps: Pred[] = [];
    for (const v of rawValues) {
      const p = timePred(timeMod, v);
      if (typeof p === 'string') return `${where}: ${p}`;
      ps.push(p);
    }
    return wrap(ps);
  }
  if (has('fieldref')) {
    const mode = has('contains')
      ? 'contains'
      : has('startswith')
        ? 'prefix'
        : has('endswith')
          ? 'suffix'
          : 'eq';
    const ps: Pred[] = [];
    for (const v of rawValues) {
      const p = fieldrefPred(v, mode, cased);
      if (typeof p === 'string') return `${where}: ${p}`;
      ps.push(p);
    }
    return wrap(ps);
  }

  // String transformation chain, value by value; each raw value may become several variants (OR-ed).
  const items: Pred[] = [];
  for (const raw of rawValues) {
    let vals: Val[];
    if (raw === null) vals = [{ scalar: null }];
    else if (typeof raw === 'number' || typeof raw === 'boolean') vals = [{ scalar: raw }];
    else vals = [{ parts: parseSigmaString(String(raw)) }];
    // Keyword (field-less) values are full-text searches: matched anywhere in a value unless the rule anchors them.
    if (
      field === null &&
      !mods.some((m) => m === 'contains' || m === 'startswith' || m === 'endswith' || m.startsWith('base64'))
    ) {
      vals = vals.map((v) => ('parts' in v ? { parts: addWildcards(v.parts, 'contains') } : v));
    }
    for (const m of mods) {
      const next: Val[] = [];
      for (const v of vals) {
        const r = applyTransform(m, v, opts);
        if (typeof r === 'string') return `${where}: ${r}`;
        next.push(...r);
      }
      vals = next;
    }
    const variants: Pred[] = [];
    for (const v of vals) {
      if ('scalar' in v) {
        if (v.scalar === null) variants.push({ t: 'null' });
        else variants.push({ t: 'str', mode: 'eq', lit: String(v.scalar), cased });
      } else if ('bytes' in v) {
        variants.push({ t: 'str', mode: 'eq', lit: byteStringToText(v.bytes), cased: true });
      } else variants.push(globToPred(v.parts, cased));
    }
    items.push(variants.length === 1 ? variants[0] : { t: 'or', ps: variants });
  }
  return wrap(items);
}

/** One modifier applied to one value; returns the resulting variants or a reason. */
function applyTransform(m: string, v: Val, opts: ModifierOptions): Val[] | string {
  const asParts = (): GlobPart[] | null =>
    'parts' in v ? v.parts : 'scalar' in v && v.scalar !== null ? [String(v.scalar)] : null;
  switch (m) {
    case 'contains':
    case 'startswith':
    case 'endswith': {
      const parts = asParts();
      if ('bytes' in v) {
        // An encoded value (utf16 without base64) matched as text.
        return [{ parts: addWildcards([byteStringToText(v.bytes)], m) }];
      }
      if (!parts) return `${m}: cannot apply to null`;
      return [{ parts: addWildcards(parts, m) }];
    }
    case 'windash': {
      const parts = asParts();
      if (!parts) return 'windash: needs a string value';
      const r = windashVariants(parts);
      return typeof r === 'string' ? r : r.map((p) => ({ parts: p }));
    }
    case 'expand': {
      const parts = asParts();
      if (!parts) return 'expand: needs a string value';
      const r = expandPlaceholders(parts, opts.placeholders);
      return typeof r === 'string' ? r : r.map((p) => ({ parts: p }));
    }
    case 'utf16le':
    case 'wide':
    case 'utf16be':
    case 'utf16': {
      const parts = asParts();
      if (!parts) return `${m}: needs a string value`;
      if (hasWildcards(parts)) return `${m}: value with wildcards cannot be encoded`;
      const s = literalOf(parts);
      return [{ bytes: m === 'utf16be' ? utf16be(s) : m === 'utf16' ? utf16bom(s) : utf16le(s) }];
    }
    case 'base64':
    case 'base64offset': {
      let input: string | ByteString;
      if ('bytes' in v) input = v.bytes;
      else {
        const parts = asParts();
        if (!parts) return `${m}: needs a string value`;
        if (hasWildcards(parts)) return `${m}: value with wildcards cannot be encoded`;
        input = literalOf(parts);
      }
      if (m === 'base64') return [{ parts: [base64(input)] }];
      return base64offset(input).map((s) => ({ parts: [s] }));
    }
    case 'all':
    case 'cased':
    case 'neq':
      return [v];
    default:
      return `modifier '${m}' is not valid here`;
  }
}
