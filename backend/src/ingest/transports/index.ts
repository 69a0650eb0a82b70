import type { Provider, Type } from '@nestjs/common';
import { HttpTransportsMount } from './http-transports.mount.js';
import { SyslogServers } from './syslog/syslog.servers.js';
import { TransportStats } from './transport-stats.js';
import { TransportsController } from './transports.controller.js';

export { mountHttpTransports, httpTransportSettings } from './http-transports.mount.js';
export { SyslogServers } from './syslog/syslog.servers.js';
export { TransportStats } from './transport-stats.js';

/** Providers and controllers of the ingest transports, for the HTTP roles (`all`, `api`). */
export const transportProviders: Provider[] = [TransportStats, SyslogServers, HttpTransportsMount];
export const transportControllers: Type[] = [TransportsController];
