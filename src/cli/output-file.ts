// Output appears only when complete: write to a temporary file beside the target, then rename.

import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { IoError } from '../core/errors.js';

/** A temporary path in the same directory as `target` (so the final rename is atomic). */
export function temporaryPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.mam-${process.pid}-${Date.now().toString(36)}.tmp`);
}

export function writeFileAtomic(target: string, bytes: Uint8Array): void {
  const tmp = temporaryPathFor(target);
  try {
    const fd = openSync(tmp, 'wx');
    try {
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    const err = e as NodeJS.ErrnoException;
    throw new IoError('OUTPUT_UNWRITABLE', `cannot write ${target}: ${err.code ?? err.message}`, { file: target }, { cause: e });
  }
}
