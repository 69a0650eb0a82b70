import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { childLogger } from '../../../common/logger.js';
import { ConfigError, type VigieConfig } from '../../../config/config.schema.js';
import { CONFIG } from '../../../tokens.js';
import { IngestService } from '../../ingest.service.js';
import type { RecordMeta } from '../../record-meta.js';
import { checkTarget, type IngestTarget } from '../ingest-target.js';
import { RecordBatcher } from '../record-batcher.js';
import { TransportStats, type TransportCounters } from '../transport-stats.js';
import { decodeDatagram, SyslogStreamDecoder, type DecodedFrames } from './syslog-framing.js';

export type SyslogProtocol = 'udp' | 'tcp' | 'tls';

interface Listener {
  protocol: SyslogProtocol;
  target: IngestTarget;
  batcher: RecordBatcher;
  counters: TransportCounters;
  udp?: UdpSocket;
  server?: Server;
  sockets: Set<Socket>;
  port?: number;
  /** Envelope per UDP peer address, shared by its datagrams (bounded: cleared beyond MAX_PEERS). */
  peers: Map<string, RecordMeta>;
}

const MAX_PEERS = 1024;

/**
 * The envelope of a syslog frame: the transport and the peer's address as `host`. The header of a syslog message
 * normally names its host and the connector reads it; the peer address only fills `host.name` when the record names
 * none (a Cisco ASA without `logging device-id`, an RFC 5424 `-` hostname) — and it is kept in `vigie.transport.host`.
 */
export function syslogMeta(address: string | undefined): RecordMeta {
  const host = address?.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return host ? { transport: 'syslog', host } : { transport: 'syslog' };
}

/** The syslog listener settings, validated; throws ConfigError naming the bad setting. */
export function syslogListenerTargets(
  config: VigieConfig,
): { protocol: SyslogProtocol; port: number; target: IngestTarget }[] {
  const tenant = config.SYSLOG_TENANT ?? config.TENANT;
  const wanted: [SyslogProtocol, number | undefined, string | undefined][] = [
    ['udp', config.SYSLOG_UDP_PORT, config.SYSLOG_UDP_SOURCE],
    ['tcp', config.SYSLOG_TCP_PORT, config.SYSLOG_TCP_SOURCE],
    ['tls', config.SYSLOG_TLS_PORT, config.SYSLOG_TLS_SOURCE],
  ];
  const problems: string[] = [];
  const out: { protocol: SyslogProtocol; port: number; target: IngestTarget }[] = [];
  for (const [protocol, port, source] of wanted) {
    if (port === undefined) continue;
    const target = { tenant, source: source ?? config.SYSLOG_SOURCE };
    const setting = source ? `SYSLOG_${protocol.toUpperCase()}_SOURCE` : 'SYSLOG_SOURCE';
    const problem = checkTarget(setting, target);
    if (problem) problems.push(problem);
    out.push({ protocol, port, target });
  }
  if (config.SYSLOG_TLS_PORT !== undefined && (!config.SYSLOG_TLS_CERT || !config.SYSLOG_TLS_KEY)) {
    problems.push('SYSLOG_TLS_CERT and SYSLOG_TLS_KEY: both are required when SYSLOG_TLS_PORT is set');
  }
  if (problems.length) throw new ConfigError(problems);
  return out;
}

/**
 * Syslog receivers (roles `all` and `api`): UDP (RFC 5426), TCP (RFC 6587, octet-counting or LF framing detected
 * per connection) and TLS (RFC 5425). Frames are batched per listener into `IngestService.ingestRecords`; frames
 * over SYSLOG_MAX_FRAME_BYTES are dead-lettered with the reason. Shutdown stops accepting, reads what the
 * connections still hold and flushes before the queue closes.
 */
@Injectable()
export class SyslogServers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = childLogger('syslog');
  private readonly listeners: Listener[] = [];

  constructor(
    @Inject(CONFIG) private readonly config: VigieConfig,
    @Inject(IngestService) private readonly ingest: IngestService,
    @Inject(TransportStats) private readonly stats: TransportStats,
  ) {
    // Validate at construction so a bad setting fails the start before anything listens.
    syslogListenerTargets(config);
  }

  /** Bound ports by protocol (useful with port 0). */
  ports(): Partial<Record<SyslogProtocol, number>> {
    return Object.fromEntries(
      this.listeners.filter((l) => l.port !== undefined).map((l) => [l.protocol, l.port]),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    const host = this.config.SYSLOG_HOST ?? this.config.HOST;
    for (const { protocol, port, target } of syslogListenerTargets(this.config)) {
      const counters = this.stats.of(`syslog.${protocol}`);
      const batcher = new RecordBatcher(
        (cmd) => this.ingest.ingestRecords(cmd),
        target,
        {
          maxRecords: this.config.INGEST_BATCH_SIZE,
          flushMs: this.config.SYSLOG_FLUSH_MS,
          maxPending: this.config.INGEST_BATCH_SIZE * 20,
        },
        counters,
        this.log,
      );
      const listener: Listener = {
        protocol,
        target,
        batcher,
        counters,
        sockets: new Set(),
        peers: new Map(),
      };
      this.listeners.push(listener);
      if (protocol === 'udp') listener.port = await this.startUdp(listener, host, port);
      else listener.port = await this.startStream(listener, host, port);
      this.log.info(
        { protocol, host, port: listener.port, tenant: target.tenant, source: target.source },
        'syslog listener started',
      );
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.listeners.map((l) => this.stop(l)));
  }

  private startUdp(l: Listener, host: string, port: number): Promise<number> {
    const max = this.config.SYSLOG_MAX_FRAME_BYTES;
    const socket = createSocket({
      type: host.includes(':') ? 'udp6' : 'udp4',
      recvBufferSize: 4 * 1024 * 1024,
    });
    l.udp = socket;
    socket.on('message', (msg, rinfo) => {
      l.counters.bytes += msg.length;
      const { frame, reject } = decodeDatagram(msg, max);
      if (frame !== undefined) {
        l.counters.records++;
        let meta = l.peers.get(rinfo.address);
        if (!meta) {
          if (l.peers.size >= MAX_PEERS) l.peers.clear();
          meta = syslogMeta(rinfo.address);
          l.peers.set(rinfo.address, meta);
        }
        l.batcher.add(frame, meta);
      } else if (reject) l.batcher.reject(reject.raw, reject.reason);
    });
    return new Promise((resolve, reject) => {
      socket.once('error', (err) =>
        reject(new Error(`syslog UDP listener on ${host}:${port}: ${err.message}`)),
      );
      socket.bind(port, host, () => {
        socket.removeAllListeners('error');
        socket.on('error', (err) => this.log.error({ err: err.message }, 'syslog UDP socket error'));
        resolve(socket.address().port);
      });
    });
  }

  private startStream(l: Listener, host: string, port: number): Promise<number> {
    const onConnection = (socket: Socket | TLSSocket) => this.handleConnection(l, socket);
    let server: Server;
    if (l.protocol === 'tls') {
      let key: Buffer;
      let cert: Buffer;
      try {
        cert = readFileSync(this.config.SYSLOG_TLS_CERT!);
        key = readFileSync(this.config.SYSLOG_TLS_KEY!);
      } catch (err) {
        throw new ConfigError([`SYSLOG_TLS_CERT/SYSLOG_TLS_KEY: cannot read: ${(err as Error).message}`]);
      }
      server = createTlsServer({ key, cert }, onConnection);
      server.on('tlsClientError', (err) => {
        l.counters.errors++;
        this.log.warn({ err: err.message }, 'syslog TLS handshake failed');
      });
    } else server = createServer(onConnection);
    l.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', (err) =>
        reject(new Error(`syslog ${l.protocol.toUpperCase()} listener on ${host}:${port}: ${err.message}`)),
      );
      server.listen(port, host, () => {
        server.removeAllListeners('error');
        server.on('error', (err) =>
          this.log.error({ err: err.message }, `syslog ${l.protocol} server error`),
        );
        resolve((server.address() as AddressInfo).port);
      });
    });
  }

  private handleConnection(l: Listener, socket: Socket): void {
    const decoder = new SyslogStreamDecoder(this.config.SYSLOG_MAX_FRAME_BYTES);
    const meta = syslogMeta(socket.remoteAddress);
    l.sockets.add(socket);
    l.counters.requests++;
    l.counters.connections++;
    const take = (d: DecodedFrames) => {
      l.counters.records += d.frames.length;
      for (const f of d.frames) l.batcher.add(f, meta);
      for (const r of d.rejects) l.batcher.reject(r.raw, r.reason);
    };
    socket.on('data', (chunk: Buffer) => {
      l.counters.bytes += chunk.length;
      take(decoder.push(chunk));
    });
    socket.on('error', (err) =>
      this.log.debug(
        { protocol: l.protocol, remote: socket.remoteAddress, err: err.message },
        'syslog connection error',
      ),
    );
    socket.once('close', () => {
      take(decoder.end());
      l.sockets.delete(socket);
      l.counters.connections--;
    });
  }

  private async stop(l: Listener): Promise<void> {
    if (l.udp) await new Promise<void>((resolve) => l.udp!.close(() => resolve()));
    if (l.server) {
      const closed = new Promise<void>((resolve) => l.server!.close(() => resolve()));
      // Ask clients to finish: half-close, then force after a grace period.
      for (const s of l.sockets) s.end();
      const grace = setTimeout(() => {
        for (const s of l.sockets) s.destroy();
      }, 2000);
      await closed;
      clearTimeout(grace);
    }
    await l.batcher.close();
    this.log.info({ protocol: l.protocol, ...l.counters }, 'syslog listener stopped');
  }
}
