/** Shared by the exporters: the mapped keys of a Sigma field for a rule, and tree walking helpers. */
import { getPipeline, type PipelineName } from '../pipelines/index.js';
import type { Pipeline } from '../pipelines/pipeline.js';
import type { Logsource } from '../types.js';

export interface ExportBaseOptions {
  pipeline: PipelineName | Pipeline;
}

export function fieldKeys(pipeline: Pipeline, field: string, ls: Logsource): string[] {
  return pipeline.mapField(field, ls).keys;
}

export function resolvePipeline(p: PipelineName | Pipeline): Pipeline {
  return getPipeline(p);
}

export class ExportError extends Error {}
