// Runs once before the suite: the CLI tests run the built bin/mam, so dist/ must exist.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers/env.js';

export default function setup(): void {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm test` (which builds first) or `npm run build`');
  }
}
