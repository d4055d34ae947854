// Runs once before the suite: the CLI tests run the built bin/mam, so dist/ must exist. `npm test`
// builds first; a bare `npx vitest run …` builds here when dist/ is missing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers/env.js';

export default function setup(): void {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.json')], { stdio: 'inherit' });
  }
}
