import type { Command } from 'commander';
import { loadConfig } from '../../config/config.schema.js';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'start Vigie (ROLE=all|api|worker; embedded DuckDB + in-process queue unless STORAGE/REDIS_URL say otherwise)',
    )
    .option('-p, --port <port>', 'HTTP port (PORT)')
    .option('--role <role>', 'all | api | worker (ROLE)')
    .action(async (opts: { port?: string; role?: string }) => {
      if (opts.port) process.env.PORT = opts.port;
      if (opts.role) process.env.ROLE = opts.role;
      loadConfig();
      // The server entry point is the same one `npm start` and the Dockerfile run.
      await import('../../main.js');
    });
}
