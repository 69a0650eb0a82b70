import 'reflect-metadata';
import { Command } from 'commander';
import { ConfigError } from '../config/config.schema.js';
import { registerAlertsCommands } from './commands/alerts.command.js';
import { registerAssetsCommands } from './commands/assets.command.js';
import { registerDemoCommands } from './commands/demo.command.js';
import { registerIdentitiesCommands } from './commands/identities.command.js';
import { registerConnectorsCommand } from './commands/connectors.command.js';
import { registerHuntCommand } from './commands/hunt.command.js';
import { registerEvalCommands } from './commands/eval.command.js';
import { registerRulesCommands } from './commands/rules.command.js';
import { registerEvtxCommands } from './commands/evtx.command.js';
import { registerImportCommand } from './commands/import.command.js';
import { registerIncidentsCommands } from './commands/incidents.command.js';
import { registerIngestCommand } from './commands/ingest.command.js';
import { registerParseCommand } from './commands/parse.command.js';
import { registerSearchCommand } from './commands/search.command.js';
import { registerSigmaCommands } from './commands/sigma.command.js';
import { registerStartCommand } from './commands/start.command.js';

/** The `vigie` command line: the same use-cases as the API, in-process or through a running server. */
export function buildProgram(): Command {
  const program = new Command('vigie')
    .description('Vigie — open XDR / SOC platform: ingest, normalise, detect, investigate')
    .version('0.1.0')
    .showHelpAfterError();
  registerStartCommand(program);
  registerIngestCommand(program);
  registerSearchCommand(program);
  registerSigmaCommands(program);
  registerEvtxCommands(program);
  registerConnectorsCommand(program);
  registerParseCommand(program);
  registerImportCommand(program);
  registerIncidentsCommands(program);
  registerRulesCommands(program);
  registerAlertsCommands(program);
  registerHuntCommand(program);
  registerEvalCommands(program);
  registerAssetsCommands(program);
  registerIdentitiesCommands(program);
  registerDemoCommands(program);
  return program;
}

process.env.LOG_LEVEL ??= 'warn';
try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  process.stderr.write(
    `vigie: ${err instanceof ConfigError ? err.message : ((err as Error)?.message ?? String(err))}\n`,
  );
  process.exitCode = 1;
}
