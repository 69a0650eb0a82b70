import { Injectable } from '@nestjs/common';

/** Counters of one transport listener or endpoint since start. */
export interface TransportCounters {
  /** Requests (HTTP) or connections (TCP/TLS) received. */
  requests: number;
  /** Frames / events / documents / log records received. */
  records: number;
  bytes: number;
  /** Records refused by the transport itself (bad frame, bad JSON…), dead-lettered with their reason. */
  rejects: number;
  /** Records lost because the queue stayed full past the buffer limit (syslog only). */
  dropped: number;
  /** Currently open connections (TCP/TLS). */
  connections: number;
  /** Requests answered with an error (auth, format, back-pressure). */
  errors: number;
}

const zero = (): TransportCounters => ({
  requests: 0,
  records: 0,
  bytes: 0,
  rejects: 0,
  dropped: 0,
  connections: 0,
  errors: 0,
});

/** Process-wide counters per transport (`syslog.udp`, `hec`, `es_bulk`, `otlp`…), read by GET /api/transports. */
@Injectable()
export class TransportStats {
  private readonly counters = new Map<string, TransportCounters>();

  of(name: string): TransportCounters {
    let c = this.counters.get(name);
    if (!c) {
      c = zero();
      this.counters.set(name, c);
    }
    return c;
  }

  snapshot(): Record<string, TransportCounters> {
    return Object.fromEntries(
      [...this.counters].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, { ...v }]),
    );
  }
}
