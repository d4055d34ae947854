// Every sub-command registers itself here.
import type { Command } from 'commander';
import type { CliContext } from '../main.js';
import { registerPolicyCommand } from './policy.js';

export function registerCommands(program: Command, ctx: CliContext): void {
  registerPolicyCommand(program, ctx);
}
