import { Injectable } from '@nestjs/common';
import type { Alert } from './alert.model.js';

/**
 * Receives the alerts detection has just stored (e.g. incidents groups them). Sinks run in `order`, after the
 * alerts are written; a sink that throws fails the batch, which the queue retries — so sinks must be idempotent.
 */
export interface AlertSink {
  readonly name: string;
  readonly order: number;
  onAlerts(tenant: string, alerts: Alert[]): Promise<void>;
}

/** Modules register their alert sinks here at start-up (`onModuleInit`); detection calls `list()`. */
@Injectable()
export class AlertSinkRegistry {
  private readonly sinks: AlertSink[] = [];

  register(sink: AlertSink): void {
    if (this.sinks.some((s) => s.name === sink.name))
      throw new Error(`alert sink "${sink.name}" registered twice`);
    this.sinks.push(sink);
    this.sinks.sort((a, b) => a.order - b.order);
  }

  list(): readonly AlertSink[] {
    return this.sinks;
  }

  /** Hands a tenant's newly written alerts to every sink, in order (nothing to do for none). */
  async deliver(tenant: string, alerts: Alert[]): Promise<void> {
    if (alerts.length === 0) return;
    for (const sink of this.sinks) await sink.onAlerts(tenant, alerts);
  }
}
