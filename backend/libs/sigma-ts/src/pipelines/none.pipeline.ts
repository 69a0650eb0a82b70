/** `none` pipeline: the raw event read by dotted paths; Sigma field names are used as paths unchanged. */
import type { Logsource } from '../types.js';
import { NestedView, type FieldView } from './field-view.js';
import type { EventRoute, FieldMapping, Pipeline } from './pipeline.js';

export class NonePipeline implements Pipeline {
  readonly name = 'none';

  mapField(field: string, _ls: Logsource): FieldMapping {
    return { keys: [field] };
  }

  view(event: unknown): FieldView {
    return new NestedView(event);
  }

  /** No routing keys in raw events: the caller passes a logsource to `match`, or every rule sees the event. */
  route(): EventRoute | null {
    return null;
  }
}
