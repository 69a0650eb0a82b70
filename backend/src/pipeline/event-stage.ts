import { Injectable } from '@nestjs/common';
import type { StoredEvent } from '../events/event.model.js';

/** A batch of parsed events of one tenant, on its way to storage. */
export interface EventBatch {
  tenant: string;
  events: StoredEvent[];
}

/**
 * A pipeline stage between parsing and storing (enrichment, detection…). Stages run in `order`, each on the whole
 * batch; they may add fields to the events. A stage that throws fails the job, which the queue retries — so a
 * stage must be idempotent (deterministic ids for what it writes).
 */
export interface EventStage {
  readonly name: string;
  /** Lower runs first: enrichment 100, detection 200. */
  readonly order: number;
  run(batch: EventBatch): Promise<void>;
}

/** Domain modules register their stages here at start-up (`onModuleInit`). */
@Injectable()
export class EventStageRegistry {
  private readonly stages: EventStage[] = [];

  register(stage: EventStage): void {
    if (this.stages.some((s) => s.name === stage.name))
      throw new Error(`pipeline stage "${stage.name}" registered twice`);
    this.stages.push(stage);
    this.stages.sort((a, b) => a.order - b.order);
  }

  list(): readonly EventStage[] {
    return this.stages;
  }
}
