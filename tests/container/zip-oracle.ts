// Independent views of a zip archive for the container tests: Python's zipfile (entry table, contents'
// SHA-256, local header lengths) and Info-ZIP's unzip. Nothing here uses our own zip code.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { SYSTEM_PYTHON, run } from '../helpers/env.js';

export interface PyEntry {
  name: string;
  file_size: number;
  compress_size: number;
  CRC: number;
  compress_type: number;
  header_offset: number;
  /** Offset of the data: header_offset + 30 + local name length + local extra length. */
  data_offset: number;
  sha256: string;
}

const DUMP = String.raw`
import json, sys, zipfile, hashlib, struct
out = {}
for path in sys.argv[1:]:
    with zipfile.ZipFile(path) as z, open(path, 'rb') as f:
        rows = []
        for i in z.infolist():
            f.seek(i.header_offset)
            h = f.read(30)
            n, e = struct.unpack('<HH', h[26:30])
            rows.append(dict(name=i.filename, file_size=i.file_size, compress_size=i.compress_size, CRC=i.CRC,
                             compress_type=i.compress_type, header_offset=i.header_offset,
                             data_offset=i.header_offset + 30 + n + e, sha256=hashlib.sha256(z.read(i)).hexdigest()))
        out[path] = rows
json.dump(out, sys.stdout)
`;

/** Python zipfile's entry table for each archive (one interpreter for all of them). */
export function pythonZipEntries(paths: readonly string[]): Record<string, PyEntry[]> {
  return JSON.parse(run(SYSTEM_PYTHON, ['-c', DUMP, ...paths])) as Record<string, PyEntry[]>;
}

/** SHA-256 of `unzip -p` over the whole archive: every file's bytes, concatenated in archive order. */
export function unzipAllSha256(path: string): string {
  const bytes = execFileSync('unzip', ['-p', path], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  return createHash('sha256').update(bytes).digest('hex');
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
