/** Field-level modifiers: `exists` (presence test) and `fieldref` (compare with another field of the same event). */
import type { Pred } from '../types.js';

export function existsPred(value: unknown): Pred | string {
  if (typeof value === 'boolean') return { t: 'exists', value };
  if (value === 'true' || value === 'false') return { t: 'exists', value: value === 'true' };
  return `exists: value must be true or false, got '${String(value)}'`;
}

export function fieldrefPred(
  value: unknown,
  mode: 'eq' | 'prefix' | 'suffix' | 'contains',
  cased: boolean,
): Pred | string {
  if (typeof value !== 'string' || value === '')
    return `fieldref: value must be a field name, got '${String(value)}'`;
  return { t: 'fieldref', field: value, mode, cased };
}
