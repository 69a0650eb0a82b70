import { EcsPipeline } from './ecs.pipeline.js';
import { EvtxJsonPipeline } from './evtx-json.pipeline.js';
import { NonePipeline } from './none.pipeline.js';
import type { Pipeline } from './pipeline.js';

export type PipelineName = 'ecs' | 'evtx-json' | 'none';
export const PIPELINE_NAMES: PipelineName[] = ['ecs', 'evtx-json', 'none'];

export function getPipeline(name: PipelineName | Pipeline): Pipeline {
  if (typeof name !== 'string') return name;
  switch (name) {
    case 'ecs':
      return new EcsPipeline();
    case 'evtx-json':
      return new EvtxJsonPipeline();
    case 'none':
      return new NonePipeline();
    default:
      throw new Error(`unknown pipeline '${String(name)}' (expected ${PIPELINE_NAMES.join(', ')})`);
  }
}

export { EcsPipeline, EvtxJsonPipeline, NonePipeline };
export * from './pipeline.js';
export * from './field-view.js';
