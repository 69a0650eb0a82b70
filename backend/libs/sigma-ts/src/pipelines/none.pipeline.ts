/** `none` pipeline: the raw event flattened to dotted paths; Sigma field names are used as paths unchanged. */
import type { Logsource } from '../types.js';
import { flattenObject, type EventRoute, type FieldMapping, type Pipeline } from './pipeline.js';

export class NonePipeline implements Pipeline {
  readonly name = 'none';

  mapField(field: string, _ls: Logsource): FieldMapping {
    return { keys: [field] };
  }

  flatten(event: unknown): Map<string, unknown> {
    return flattenObject(event);
  }

  /** No routing keys in raw events: the caller passes a logsource to `match`, or every rule sees the event. */
  route(): EventRoute | null {
    return null;
  }
}
