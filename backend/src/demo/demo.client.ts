/** The CLI's `demo replay`: through a running server (`POST /api/demo/replay`) or in-process (DemoService). */
import type { INestApplicationContext } from '@nestjs/common';
import { DemoService, type DemoReplayResult } from './demo.service.js';

export interface DemoClient {
  replay(tenant: string, opts?: { seed?: number }): Promise<DemoReplayResult>;
}

type Call = <T>(path: string, init?: RequestInit) => Promise<T>;

export class RemoteDemoClient implements DemoClient {
  constructor(private readonly call: Call) {}

  replay(tenant: string, opts: { seed?: number } = {}): Promise<DemoReplayResult> {
    const params = new URLSearchParams({ tenant });
    if (opts.seed !== undefined) params.set('seed', String(opts.seed));
    return this.call(`/api/demo/replay?${params}`, { method: 'POST' });
  }
}

export class LocalDemoClient implements DemoClient {
  constructor(private readonly ctx: () => INestApplicationContext) {}

  replay(tenant: string, opts: { seed?: number } = {}): Promise<DemoReplayResult> {
    return this.ctx().get(DemoService).replay(tenant, opts);
  }
}
