/**
 * `ecs` pipeline: events as our connectors emit them (nested ECS documents, Winlogbeat conventions for Windows,
 * routing keys in `vigie.logsource.product|category|service`).
 */
import type { Logsource } from '../types.js';
import { OTHER, WINDOWS_CATEGORY, WINDOWS_COMMON, WINDOWS_SERVICE } from './ecs.fields.js';
import { MISSING, NestedView, type FieldView } from './field-view.js';
import type { EventRoute, FieldMapping, Pipeline } from './pipeline.js';
import {
  WINDOWS_CATEGORY_FIELDS,
  WINDOWS_COMMON_FIELDS,
  WINDOWS_SERVICE_FIELDS,
} from './windows-taxonomy.fields.js';

const KEYWORD_ROOTS = [['winlog.event_data', 'winlog.user_data'], ['message'], ['event.original']];

export class EcsPipeline implements Pipeline {
  readonly name = 'ecs';

  mapField(field: string, ls: Logsource): FieldMapping {
    if (ls.product === 'windows') {
      const explicit =
        WINDOWS_COMMON[field] ??
        (ls.category ? WINDOWS_CATEGORY[ls.category]?.[field] : undefined) ??
        (ls.service ? WINDOWS_SERVICE[ls.service]?.[field] : undefined);
      const fallback = `winlog.event_data.${field}`;
      if (explicit) return { keys: explicit.includes(fallback) ? explicit : [...explicit, fallback] };
      // Category rules read normalized (Sysmon-shaped) events: a field outside the taxonomy of the category will
      // not be there. Service rules read a provider's own event data, whose names are the rule's: the fallback holds.
      const known =
        ls.category === undefined ||
        WINDOWS_COMMON_FIELDS.includes(field) ||
        WINDOWS_CATEGORY_FIELDS[ls.category]?.includes(field) ||
        (ls.service !== undefined && WINDOWS_SERVICE_FIELDS[ls.service]?.includes(field));
      if (known) return { keys: [fallback] };
      return {
        keys: [fallback],
        degraded: `ecs: field '${field}' is not a known field of logsource ${describe(ls)}; looked up at ${fallback}`,
      };
    }
    const table = (ls.category && OTHER[ls.category]) || (ls.service && OTHER[ls.service]) || undefined;
    const explicit = table?.[field];
    if (explicit) return { keys: explicit };
    if (field.includes('.')) return { keys: [field] };
    return {
      keys: [field],
      degraded: `ecs: no ECS mapping for field '${field}' of logsource ${describe(ls)}; looked up as '${field}'`,
    };
  }

  /** Keyword searches look into the Windows event data, else the rendered message, else the original text. */
  view(event: unknown): FieldView {
    return new NestedView(event, KEYWORD_ROOTS);
  }

  route(view: FieldView): EventRoute | null {
    const product = get(view, 'vigie.logsource.product');
    const service = get(view, 'vigie.logsource.service');
    const cat = get(view, 'vigie.logsource.category');
    if (product === undefined && service === undefined && cat === undefined) return { categories: [] };
    return {
      product: typeof product === 'string' ? product : undefined,
      service: typeof service === 'string' ? service : undefined,
      categories: Array.isArray(cat) ? cat.map(String) : typeof cat === 'string' ? [cat] : [],
    };
  }
}

/** A module-level function, not a per-call closure (see `EventMatch` in compiler/engine.ts on tsx's keepNames). */
function get(view: FieldView, k: string): unknown {
  const v = view.lookup(k);
  return v === MISSING ? undefined : v;
}

function describe(ls: Logsource): string {
  return [ls.product, ls.category, ls.service].filter(Boolean).join('/') || '(none)';
}
