// Every sub-command registers itself here.
import type { Command } from 'commander';
import type { CliContext } from '../main.js';

export function registerCommands(program: Command, ctx: CliContext): void {
  void program;
  void ctx;
}
