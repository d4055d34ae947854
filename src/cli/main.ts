// The command line: commander wiring, output rendering and exit codes only. No format logic here.

import { Command, CommanderError, Option } from 'commander';
import { EXIT, UsageError } from '../core/errors.js';
import { MAM_VERSION } from '../core/version.js';
import { renderError } from './render-error.js';
import { registerCommands } from './commands/index.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
};

/** Global state one run of the CLI shares between commander actions and the error handler. */
export interface CliContext {
  io: CliIo;
  /** Set by commands that were given --json, so that errors are rendered as JSON too. */
  json: boolean;
  exitCode: number;
}

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('mam')
    .description('Wrap Android and iOS apps with a management policy, and sign and verify them: pure TypeScript, any OS.')
    .version(MAM_VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) })
    .exitOverride()
    .addOption(new Option('--no-color', 'accepted for compatibility; mam never prints colour codes'));
  registerCommands(program, ctx);
  return program;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const ctx: CliContext = { io, json: argv.includes('--json'), exitCode: EXIT.OK };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      if (e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.OK;
      return EXIT.USAGE;
    }
    const r = renderError(e instanceof UsageError ? e : e);
    if (ctx.json) io.out(JSON.stringify({ ok: false, error: r.json }, null, 2));
    io.err(r.text);
    return r.exitCode;
  }
}
