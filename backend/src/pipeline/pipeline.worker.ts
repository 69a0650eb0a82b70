import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { childLogger } from '../common/logger.js';
import { assertHandlers, type QueuePort } from '../queue/queue.port.js';
import { QUEUE } from '../tokens.js';
import { ProcessBatchUseCase } from './process-batch.use-case.js';

/** Registers the pipeline's job handlers in worker roles (thin: it hands each job to its use-case). */
@Injectable()
export class PipelineWorker implements OnApplicationBootstrap {
  private readonly log = childLogger('pipeline.worker');

  constructor(
    @Inject(QUEUE) private readonly queue: QueuePort,
    @Inject(ProcessBatchUseCase) private readonly processBatch: ProcessBatchUseCase,
  ) {}

  onApplicationBootstrap(): void {
    assertHandlers(['ingest.batch']);
    this.queue.process('ingest.batch', async (job) => {
      const outcome = await this.processBatch.execute(job.data);
      this.log.debug({ job: job.id, ...outcome }, 'batch processed');
      return outcome;
    });
  }
}
