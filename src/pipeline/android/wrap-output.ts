// Where a wrap writes: temporary files beside the target, renamed into place only when the output has
// been verified (DESIGN.md principle 6), or memory, for an APK inside a split-set container. Whatever
// happens, dispose() closes what was opened and removes every temporary file.

import { existsSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { BytesSource, FileSource, type DataSource } from '../../core/data-source.js';
import { UsageError, isMamError } from '../../core/errors.js';
import { FileSink, MemorySink, type DataSink } from '../../core/data-sink.js';
import { temporaryPathFor } from '../../cli/output-file.js';
import type { WrapOutput } from './wrap-context.js';

interface Slot {
  sink: DataSink;
  close(): void;
  readBack(): DataSource;
}

/** Writes beside `target`: the unsigned APK to one temporary file, the signed one to another. */
export class FileWrapOutput implements WrapOutput {
  private readonly temporary: string;
  private readonly written: string[] = [];
  private readonly opened: FileSource[] = [];

  constructor(readonly target: string) {
    this.temporary = temporaryPathFor(target);
  }

  private slot(path: string): Slot {
    const sink = FileSink.create(path);
    this.written.push(path);
    return {
      sink,
      close: () => sink.close(),
      readBack: () => {
        const s = FileSource.open(path);
        this.opened.push(s);
        return s;
      },
    };
  }

  unsigned(): Slot {
    return this.slot(`${this.temporary}.unsigned`);
  }

  signed(): Slot {
    return this.slot(this.temporary);
  }

  /** Renames the last file written onto the target. */
  commit(): void {
    this.closeReaders();
    const last = this.written[this.written.length - 1];
    if (last === undefined) throw new Error('FileWrapOutput.commit: nothing was written');
    renameSync(last, this.target);
  }

  private closeReaders(): void {
    for (const s of this.opened.splice(0)) s.close();
  }

  dispose(): void {
    this.closeReaders();
    for (const p of this.written) rmSync(p, { force: true });
  }
}

/** Keeps everything in memory; `bytes()` is the last APK written. */
export class MemoryWrapOutput implements WrapOutput {
  private last?: MemorySink;

  private slot(): Slot {
    const sink = new MemorySink();
    this.last = sink;
    return { sink, close: () => undefined, readBack: () => new BytesSource(sink.toBytes()) };
  }

  unsigned(): Slot {
    return this.slot();
  }

  signed(): Slot {
    return this.slot();
  }

  bytes(): Uint8Array {
    if (!this.last) throw new Error('MemoryWrapOutput.bytes: nothing was written');
    return this.last.toBytes();
  }
}

export function assertDistinctPaths(input: string, output: string): void {
  const a = resolve(input);
  const b = resolve(output);
  if (a === b || (existsSync(b) && existsSync(a) && realpathSync(a) === realpathSync(b))) {
    throw new UsageError('WRAP_OUTPUT_IS_INPUT', 'the output path is the input path; mam never modifies its input', { file: input, hint: 'give another path with -o/--out' });
  }
}

export function openInput(input: string): FileSource {
  try {
    return FileSource.open(input);
  } catch (e) {
    if (isMamError(e)) throw e.within({ stage: 'openApk' });
    throw e;
  }
}
