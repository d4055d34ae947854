// `mam policy init | validate | schema`: write a starter policy, check one, print the published schema.

import { existsSync, readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { EXIT, IoError, type Issue } from '../../core/errors.js';
import {
  POLICY_SCHEMA_PATH,
  PolicyInvalidError,
  STARTER_PRESETS,
  describePolicy,
  embeddedPolicy,
  readPolicyFile,
  starterPolicy,
  type StarterPreset,
} from '../../policy/policy.js';
import type { CliContext } from '../main.js';
import { writeFileAtomic } from '../output-file.js';

export function registerPolicyCommand(program: Command, ctx: CliContext): void {
  const policy = program.command('policy').description('Create, check and describe policy documents');

  policy
    .command('init')
    .description('Write a starter policy (to standard output, or to --out)')
    .addOption(new Option('--preset <name>', 'starting point').choices([...STARTER_PRESETS]).default('default'))
    .option('-o, --out <file>', 'write the policy to this file instead of standard output')
    .option('--force', 'overwrite --out if it exists')
    .action((opts: { preset: StarterPreset; out?: string; force?: boolean }) => {
      const text = JSON.stringify(starterPolicy(opts.preset), null, 2) + '\n';
      if (!opts.out) {
        ctx.io.out(text);
        return;
      }
      if (existsSync(opts.out) && !opts.force) {
        throw new IoError('OUTPUT_EXISTS', `${opts.out} already exists`, { file: opts.out, hint: 'pass --force to overwrite it' });
      }
      writeFileAtomic(opts.out, new TextEncoder().encode(text));
      ctx.io.err(`wrote ${opts.preset} policy to ${opts.out}`);
    });

  policy
    .command('validate')
    .description('Check a policy document; report every problem with its JSON path')
    .argument('<file>', 'policy JSON file')
    .option('--json', 'machine-readable output')
    .action((file: string, opts: { json?: boolean }) => {
      let issues: Issue[] = [];
      let summary: string[] = [];
      let digest: string | undefined;
      try {
        const { policy: p } = readPolicyFile(file);
        summary = describePolicy(p);
        digest = embeddedPolicy(p).digest;
      } catch (e) {
        if (!(e instanceof PolicyInvalidError)) throw e;
        issues = e.issues;
      }
      const valid = issues.length === 0;
      if (opts.json) {
        ctx.io.out(JSON.stringify({ ok: valid, file, policySha256: digest ?? null, issues, rules: summary }, null, 2));
      } else if (valid) {
        ctx.io.out(`${file}: valid policy (schema version 1), embedded digest sha256:${digest}`);
        for (const line of summary) ctx.io.out(`  ${line}`);
      } else {
        ctx.io.err(`${file}: ${issues.length} problem${issues.length === 1 ? '' : 's'}`);
        for (const i of issues) ctx.io.err(`  error[${i.code}] ${i.where ?? '$'}: ${i.message}`);
      }
      if (!valid) ctx.exitCode = EXIT.MALFORMED;
    });

  policy
    .command('schema')
    .description('Print the published JSON Schema of the policy document')
    .action(() => {
      ctx.io.out(readFileSync(POLICY_SCHEMA_PATH, 'utf8'));
    });

}
