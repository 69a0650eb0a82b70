import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { AppModule } from '../app.module.js';
import type { VigieConfig } from '../config/config.schema.js';
import {
  LocalDetectionClient,
  RemoteDetectionClient,
  type DetectionClient,
} from '../detection/detection.client.js';
import {
  LocalIncidentsClient,
  RemoteIncidentsClient,
  type IncidentsClient,
} from '../incidents/incidents.client.js';
import {
  LocalDirectoryClient,
  RemoteDirectoryClient,
  type DirectoryClient,
} from '../enrichment/directory.client.js';
import { LocalDemoClient, RemoteDemoClient, type DemoClient } from '../demo/demo.client.js';
import { IngestService, type IngestRecordsCommand, type IngestResult } from '../ingest/ingest.service.js';
import { InProcessQueueAdapter } from '../queue/in-process-queue.adapter.js';
import type { QueuePort } from '../queue/queue.port.js';
import type { EventPage, EventQuery, StoragePort } from '../storage/storage.port.js';
import { QUEUE, STORAGE } from '../tokens.js';

export interface IngestChunk {
  tenant: string;
  source: string;
  text: string;
  deliveryId: string;
  options: Record<string, string>;
}

/**
 * What the CLI needs from Vigie. Two ways to reach the same use-cases: through a running server's HTTP API
 * (when one answers), or in-process (when none runs; embedded DuckDB allows one process at a time).
 */
export interface VigieClient {
  readonly mode: 'remote' | 'local';
  ingest(chunk: IngestChunk): Promise<IngestResult>;
  /**
   * Records already split (file import): the same pipeline as `POST /api/ingest/:source`. In remote mode the
   * records travel as NDJSON (objects) and text lines; records the client rejected are counted, not sent.
   */
  ingestRecords(cmd: IngestRecordsCommand): Promise<IngestResult>;
  /** Waits until what was ingested is processed and searchable (local mode; remote returns at once). */
  settle(): Promise<void>;
  search(tenant: string, query: EventQuery): Promise<EventPage>;
  /** Rules, packs, history, dry-run, alerts and hunting. */
  readonly detection: DetectionClient;
  /** Incident queue, detail and analyst changes. */
  readonly incidents: IncidentsClient;
  /** Asset inventory and identity directory (enrichment). */
  readonly directories: DirectoryClient;
  /** The demo scenario. */
  readonly demo: DemoClient;
  close(): Promise<void>;
}

class RemoteClient implements VigieClient {
  readonly mode = 'remote' as const;
  readonly detection: DetectionClient = new RemoteDetectionClient((path, init) => this.call(path, init));
  readonly incidents: IncidentsClient = new RemoteIncidentsClient((path, init) => this.call(path, init));
  readonly directories: DirectoryClient = new RemoteDirectoryClient((path, init) => this.call(path, init));
  readonly demo: DemoClient = new RemoteDemoClient((path, init) => this.call(path, init));
  constructor(private readonly url: string) {}

  private async call<T>(path: string, init?: RequestInit): Promise<T> {
    const res = await fetch(this.url + path, init);
    const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    if (!res.ok)
      throw new Error(
        `${res.status} ${body?.error?.message ?? res.statusText} (${this.url}${path.split('?')[0]})`,
      );
    return body as T;
  }

  ingest(c: IngestChunk): Promise<IngestResult> {
    const params = new URLSearchParams({ tenant: c.tenant });
    for (const [k, v] of Object.entries(c.options)) params.set(`option.${k}`, v);
    return this.call(`/api/ingest/${encodeURIComponent(c.source)}?${params}`, {
      method: 'POST',
      body: c.text,
      headers: { 'content-type': 'text/plain', 'idempotency-key': c.deliveryId },
    });
  }

  /**
   * Objects go as `application/x-ndjson`, one-line texts as `text/plain`, each request under an idempotency key
   * derived from the delivery id and the first position, so a retried import is not stored twice. A text record
   * spanning several lines (multiline sources) goes as NDJSON `{"message": …}`, which the connectors unwrap.
   */
  async ingestRecords(cmd: IngestRecordsCommand): Promise<IngestResult> {
    const params = new URLSearchParams({ tenant: cmd.tenant });
    for (const [k, v] of Object.entries(cmd.options ?? {})) params.set(`option.${k}`, String(v));
    const url = `/api/ingest/${encodeURIComponent(cmd.source)}?${params}`;
    const deliveryId = cmd.deliveryId ?? randomUUID();
    const lines: string[] = [];
    const objects: string[] = [];
    let first = -1;
    for (const r of cmd.records) {
      if (first < 0) first = r.position;
      if (typeof r.record === 'string' && !/[\r\n]/.test(r.record)) lines.push(r.record);
      else objects.push(JSON.stringify(typeof r.record === 'string' ? { message: r.record } : r.record));
    }
    const total: IngestResult = {
      accepted: 0,
      rejected: cmd.rejected?.length ?? 0,
      batches: 0,
      delivery_id: deliveryId,
      rejects: [],
    };
    const post = async (body: string[], type: string, tag: string): Promise<void> => {
      if (body.length === 0) return;
      const res = await this.call<IngestResult>(url, {
        method: 'POST',
        body: body.join('\n'),
        headers: { 'content-type': type, 'idempotency-key': `${deliveryId}:${first}:${tag}` },
      });
      total.accepted += res.accepted;
      total.rejected += res.rejected;
      total.batches += res.batches;
      total.rejects.push(...res.rejects);
    };
    await post(lines, 'text/plain', 't');
    await post(objects, 'application/x-ndjson', 'j');
    return total;
  }

  async settle(): Promise<void> {}

  search(tenant: string, q: EventQuery): Promise<EventPage> {
    const params = new URLSearchParams({ tenant });
    if (q.kql) params.set('q', q.kql);
    if (q.from) params.set('from', q.from);
    if (q.to) params.set('to', q.to);
    if (q.size) params.set('size', String(q.size));
    if (q.cursor) params.set('cursor', q.cursor);
    if (q.order) params.set('order', q.order);
    return this.call(`/api/events?${params}`);
  }

  async close(): Promise<void> {}
}

class LocalClient implements VigieClient {
  readonly mode = 'local' as const;
  readonly detection: DetectionClient = new LocalDetectionClient(() => this.ctx);
  readonly incidents: IncidentsClient = new LocalIncidentsClient(() => this.ctx);
  readonly directories: DirectoryClient = new LocalDirectoryClient(() => this.ctx);
  readonly demo: DemoClient = new LocalDemoClient(() => this.ctx);
  constructor(private readonly ctx: INestApplicationContext) {}

  ingest(c: IngestChunk): Promise<IngestResult> {
    return this.ctx.get(IngestService).ingest({ ...c, ndjson: false });
  }

  ingestRecords(cmd: IngestRecordsCommand): Promise<IngestResult> {
    return this.ctx.get(IngestService).ingestRecords(cmd);
  }

  async settle(): Promise<void> {
    const queue = this.ctx.get<QueuePort>(QUEUE);
    if (queue instanceof InProcessQueueAdapter) await queue.drain();
    await this.ctx.get<StoragePort>(STORAGE).refresh();
  }

  search(tenant: string, q: EventQuery): Promise<EventPage> {
    return this.ctx.get<StoragePort>(STORAGE).searchEvents(tenant, q);
  }

  async close(): Promise<void> {
    await this.ctx.close();
  }
}

async function serverAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(800) });
    return res.ok;
  } catch {
    return false;
  }
}

/** The running server named by VIGIE_URL (or on PORT) when it answers, else Vigie in this process. */
export async function connect(config: VigieConfig, explicitUrl?: string): Promise<VigieClient> {
  const url = (explicitUrl ?? process.env.VIGIE_URL ?? `http://127.0.0.1:${config.PORT}`).replace(/\/$/, '');
  if (await serverAnswers(url)) return new RemoteClient(url);
  if (explicitUrl ?? process.env.VIGIE_URL) throw new Error(`no Vigie server answers at ${url}`);
  const ctx = await NestFactory.createApplicationContext(
    AppModule.forRoot(config, { http: false, worker: true }),
    { logger: false },
  );
  return new LocalClient(ctx);
}
