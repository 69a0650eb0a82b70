/**
 * Field-mapping pipelines: how a Sigma field name becomes keys of an event, how an event is flattened into
 * key → value, and which logsource (routing keys) an event belongs to.
 */
import type { Logsource } from '../types.js';
import type { FieldView } from './field-view.js';

/** The routing keys of one event. Categories are a list because one Sysmon event can feed two (registry_set + registry_event). */
export interface EventRoute {
  product?: string;
  service?: string;
  categories: string[];
}

export type FieldMapping = { keys: string[]; degraded?: string };

export interface Pipeline {
  readonly name: 'ecs' | 'evtx-json' | 'none' | string;
  /** Keys of the flattened event holding a Sigma field for a rule of logsource `ls`, first present wins. */
  mapField(field: string, ls: Logsource): FieldMapping;
  /** Read access to an event by the keys `mapField` returns. */
  view(event: unknown): FieldView;
  /** The event's routing keys, or null when the pipeline does not route (every rule sees the event). */
  route(view: FieldView): EventRoute | null;
}

/** Flattens nested objects into dotted keys; arrays of objects gather their leaves into arrays under one key. */
export function flattenObject(
  obj: unknown,
  out = new Map<string, unknown>(),
  prefix = '',
): Map<string, unknown> {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return out;
  for (const k in obj as Record<string, unknown>) {
    const v = (obj as Record<string, unknown>)[k];
    const key = prefix ? prefix + '.' + k : k;
    if (v !== null && typeof v === 'object') {
      if (Array.isArray(v)) {
        if (v.length && v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x))) {
          for (const item of v) {
            const sub = flattenObject(item, new Map(), key);
            for (const [sk, sv] of sub) {
              const prev = out.get(sk);
              out.set(sk, prev === undefined ? [sv] : Array.isArray(prev) ? [...prev, sv] : [prev, sv]);
            }
          }
        } else out.set(key, v);
      } else flattenObject(v, out, key);
    } else out.set(key, v);
  }
  return out;
}

/** True when every part of the rule's logsource that it names equals the event's. */
export function routeMatches(ls: Logsource, route: EventRoute | null): boolean {
  if (!route) return true;
  if (ls.product !== undefined && ls.product !== route.product) return false;
  if (ls.service !== undefined && ls.service !== route.service) return false;
  if (
    ls.category !== undefined &&
    !route.categories.includes(ls.category) &&
    !umbrellaMatches(ls.category, route.categories)
  )
    return false;
  return true;
}

/** Taxonomy umbrella categories: `registry_event` covers the Sysmon registry add/delete/set/rename events. */
const UMBRELLAS: Record<string, string[]> = {
  registry_event: ['registry_add', 'registry_delete', 'registry_set', 'registry_rename'],
};

function umbrellaMatches(category: string, eventCategories: string[]): boolean {
  const parts = UMBRELLAS[category];
  return parts !== undefined && eventCategories.some((c) => parts.includes(c));
}

export function routeKey(route: EventRoute | null): string {
  return route ? `${route.product ?? ''}|${route.service ?? ''}|${route.categories.join(',')}` : '*';
}
