// `mam dex disasm FILE CLASS [--method NAME]`: a smali-like listing of one class, for debugging.
// `mam dex merge PRIMARY OTHER -o OUT`: every class of OTHER merged into PRIMARY (what --keep-min-sdk does
// with the runtime), written only when the merge succeeds.

import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { DEX_CLASS_NOT_FOUND, disassembleClass, findClassDef } from '../../android/dex/smali-disasm.js';
import { mergeDex } from '../../android/dex/merge-dex.js';
import { parseDex } from '../../android/dex/parse.js';
import { serializeDex } from '../../android/dex/serialize.js';
import { readDexInputs } from '../../android/dex/summary-input.js';
import { IoError, UsageError, isMamError } from '../../core/errors.js';
import type { CliContext } from '../main.js';
import { writeFileAtomic } from '../output-file.js';

export function registerDexCommand(program: Command, ctx: CliContext): void {
  const dex = program.command('dex').description('Look inside DEX files (debugging tools)');

  dex
    .command('disasm')
    .description('Print a smali-like disassembly of one class of a DEX file or APK')
    .argument('<file>', 'a .dex file or an APK (every classesN.dex is searched)')
    .argument('<class>', 'the class, as Lpkg/Name; or pkg.Name')
    .option('--method <name>', 'only the methods with this name')
    .action((file: string, className: string, opts: { method?: string }) => {
      for (const input of readDexInputs(file)) {
        const parsed = parseWithin(input.name, input.bytes);
        if (!findClassDef(parsed, className)) continue;
        ctx.io.out(`# ${input.name}\n${disassembleClass(parsed, className, opts.method)}`);
        return;
      }
      throw new UsageError(DEX_CLASS_NOT_FOUND, `class ${className} is not defined in ${file}`, { file });
    });

  dex
    .command('merge')
    .description('Merge every class of OTHER into PRIMARY (one DEX file each) and write the result')
    .argument('<primary>', 'the DEX file that receives the classes')
    .argument('<other>', 'the DEX file whose classes are added')
    .requiredOption('-o, --out <file>', 'where to write the merged DEX file')
    .option('--force', 'overwrite --out if it exists')
    .action((primary: string, other: string, opts: { out: string; force?: boolean }) => {
      if (existsSync(opts.out) && !opts.force) {
        throw new IoError('OUTPUT_EXISTS', `${opts.out} already exists`, { file: opts.out, hint: 'pass --force to overwrite it' });
      }
      const [a] = readDexInputs(primary);
      const [b] = readDexInputs(other);
      const merged = mergeDex(parseWithin(primary, a!.bytes), parseWithin(other, b!.bytes));
      writeFileAtomic(opts.out, serializeDex(merged));
      ctx.io.err(`wrote ${opts.out}: ${merged.classDefs.length} classes, ${merged.methods.length} method and ${merged.fields.length} field references`);
    });
}

function parseWithin(name: string, bytes: Uint8Array): ReturnType<typeof parseDex> {
  try {
    return parseDex(bytes);
  } catch (e) {
    if (isMamError(e)) e.within({ file: name });
    throw e;
  }
}
