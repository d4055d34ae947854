// Corpus APKs and their entries, read with Info-ZIP's unzip (an independent zip reader).
import { execFileSync, spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { corpusFiles } from '../../helpers/env.js';

export function corpusApks(): string[] {
  return corpusFiles('android', '.apk');
}

export function corpusBundles(): string[] {
  return corpusFiles('android', '.aab');
}

/** An entry's bytes via `unzip -p`, or undefined when the archive has no such entry. */
export function unzipEntry(archive: string, entry: string): Uint8Array | undefined {
  const r = spawnSync('unzip', ['-p', archive, entry], { maxBuffer: 256 << 20 });
  if (r.status !== 0 || !r.stdout?.length) return undefined;
  return new Uint8Array(r.stdout);
}

export function unzipRequired(archive: string, entry: string): Uint8Array {
  return new Uint8Array(execFileSync('unzip', ['-p', archive, entry], { maxBuffer: 256 << 20 }));
}

export function label(file: string): string {
  return basename(file);
}
