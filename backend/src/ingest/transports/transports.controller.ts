import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SyslogServers } from './syslog/syslog.servers.js';
import { TransportStats } from './transport-stats.js';

@ApiTags('ingest')
@Controller('api/transports')
export class TransportsController {
  constructor(
    @Inject(TransportStats) private readonly stats: TransportStats,
    @Inject(SyslogServers) private readonly syslog: SyslogServers,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Ingest transport counters',
    description:
      'Per transport since start (syslog.udp/tcp/tls, hec, es_bulk, otlp): requests or connections, records, bytes, rejects, dropped, open connections, errors; and the bound syslog ports.',
  })
  counters() {
    return { syslog_ports: this.syslog.ports(), transports: this.stats.snapshot() };
  }
}
