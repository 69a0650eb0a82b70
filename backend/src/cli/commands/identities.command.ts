/** `vigie identities import|list|show|delete`: the tenant's identity directory (see assets.command.ts). */
import type { Command } from 'commander';
import { registerDirectoryCommands } from './assets.command.js';

export function registerIdentitiesCommands(program: Command): void {
  registerDirectoryCommands(program, 'identities');
}
