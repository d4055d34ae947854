// Every sub-command registers itself here.
import type { Command } from 'commander';
import type { CliContext } from '../main.js';
import { registerDexCommand } from './dex.js';
import { registerInspectCommand } from './inspect.js';
import { registerPolicyCommand } from './policy.js';
import { registerSignCommand } from './sign.js';
import { registerVerifyCommand } from './verify.js';
import { registerWrapCommand } from './wrap.js';

export function registerCommands(program: Command, ctx: CliContext): void {
  registerDexCommand(program, ctx);
  registerInspectCommand(program, ctx);
  registerPolicyCommand(program, ctx);
  registerSignCommand(program, ctx);
  registerVerifyCommand(program, ctx);
  registerWrapCommand(program, ctx);
}
