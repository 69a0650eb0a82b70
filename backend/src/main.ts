import 'reflect-metadata';
import { startVigie } from './bootstrap.js';
import { httpTransportSettings } from './ingest/transports/index.js';
import { syslogListenerTargets } from './ingest/transports/syslog/syslog.servers.js';
import { ConfigError, loadConfig } from './config/config.schema.js';
import { logger } from './common/logger.js';

/** Process entry point: `ROLE=all|api|worker node --import tsx backend/src/main.ts`. */
try {
  const config = loadConfig();
  // Transport settings are validated here too, so a bad one exits with the same clear message as the rest.
  httpTransportSettings(config);
  syslogListenerTargets(config);
  const app = await startVigie(config);
  const url =
    config.ROLE === 'worker'
      ? undefined
      : `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
  logger().info(
    { role: config.ROLE, storage: config.STORAGE, queue: config.REDIS_URL ? 'bullmq' : 'in-process', url },
    'Vigie started',
  );
  if (url) process.stdout.write(`Vigie workbench: ${url}/  (API docs: ${url}/api/docs)\n`);
  void app;
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  logger().fatal({ err: (err as Error)?.stack ?? String(err) }, 'Vigie failed to start');
  process.exit(1);
}
