// Every sub-command registers itself here, lazily: the program knows each command by name and
// summary only, and loads a command's module (its options, its pipeline, the signing, wrapping or DEX
// code behind it) when that command runs, so that `mam --version` or `mam inspect` does not pay for
// loading the others. The stub hands its arguments untouched to a host program on which the loaded
// module registers the real command, with the main program's settings (output, exit override, global
// options); `mam sign --help` therefore prints the real command's help.

import { Command, Help } from 'commander';
import type { CliContext } from '../main.js';

type Register = (program: Command, ctx: CliContext) => void;

interface LazyCommand {
  name: string;
  usage: string;
  summary: string;
  load: () => Promise<Register>;
}

const COMMANDS: readonly LazyCommand[] = [
  { name: 'dex', usage: '[command]', summary: 'Look inside DEX files (debugging tools)', load: async () => (await import('./dex.js')).registerDexCommand },
  { name: 'inspect', usage: '[options] <input>', summary: 'Summarize an APK, split set, app bundle, IPA or .app', load: async () => (await import('./inspect.js')).registerInspectCommand },
  { name: 'policy', usage: '[command]', summary: 'Create, check and describe policy documents', load: async () => (await import('./policy.js')).registerPolicyCommand },
  { name: 'sign', usage: '[options] <input>', summary: 'Sign an APK, split set, IPA or .app (as apksigner / codesign do)', load: async () => (await import('./sign.js')).registerSignCommand },
  { name: 'verify', usage: '[options] <input>', summary: 'Verify the signatures of an APK, split set, IPA or .app as the platform would', load: async () => (await import('./verify.js')).registerVerifyCommand },
  { name: 'wrap', usage: '[options] <input>', summary: 'Wrap an Android or iOS app with a policy and sign it, without rebuilding it', load: async () => (await import('./wrap.js')).registerWrapCommand },
];

async function runLazy(program: Command, ctx: CliContext, command: LazyCommand, args: readonly string[]): Promise<void> {
  const register = await command.load();
  const host = new Command(program.name());
  host.copyInheritedSettings(program);
  for (const option of program.options) host.addOption(option);
  register(host, ctx);
  await host.parseAsync([command.name, ...args], { from: 'user' });
}

export function registerCommands(program: Command, ctx: CliContext): void {
  const standard = new Help();
  program.configureHelp({
    subcommandTerm: (cmd) => {
      const lazy = cmd.parent === program ? COMMANDS.find((c) => c.name === cmd.name()) : undefined;
      return lazy ? `${lazy.name} ${lazy.usage}` : standard.subcommandTerm(cmd);
    },
  });
  for (const c of COMMANDS) {
    program
      .command(c.name)
      .summary(c.summary)
      .description(`${c.summary}. Run \`${program.name()} ${c.name} --help\` for its options.`)
      .usage(c.usage)
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .argument('[args...]')
      .action(async (_args: string[], _opts: unknown, stub: Command) => runLazy(program, ctx, c, stub.args));
  }
}
