// The DEX files of an input for the `mam dex` commands: a bare .dex file (recognized by its magic
// "dex\n", spec: "Dalvik Executable format", header_item) or every classesN.dex of an APK, in load order.

import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { FileSource } from '../../core/data-source.js';
import { IoError, MalformedInputError } from '../../core/errors.js';
import { openZip } from '../../container/zip-reader.js';

export const DEX_NO_CODE = 'DEX_NO_CODE';
const MAX_DEX_BYTES = 1 << 30;

export interface DexInput {
  /** "classes2.dex", or the file's own name for a bare DEX. */
  name: string;
  bytes: Uint8Array;
}

/** A fresh Uint8Array over `bytes` (a Node Buffer's slice() shares memory; the codec needs copies to be copies). */
export function plainBytes(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function isDex(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x64 && head[1] === 0x65 && head[2] === 0x78 && head[3] === 0x0a;
}

function readHead(path: string): Uint8Array {
  const head = new Uint8Array(4);
  try {
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, 4, 0);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new IoError('INPUT_UNREADABLE', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: path }, { cause: e });
  }
  return head;
}

export function readDexInputs(path: string): DexInput[] {
  if (isDex(readHead(path))) return [{ name: path.split('/').pop()!, bytes: plainBytes(readFileSync(path)) }];
  const source = FileSource.open(path);
  try {
    const archive = openZip(source, { file: path });
    const names = archive.entries.map((e) => e.name).filter((n) => /^classes\d*\.dex$/.test(n))
      .sort((a, b) => Number(/\d+/.exec(a)?.[0] ?? 1) - Number(/\d+/.exec(b)?.[0] ?? 1));
    if (!names.length) throw new MalformedInputError(DEX_NO_CODE, `${path} is neither a DEX file nor an APK with classes.dex`, { file: path });
    return names.map((name) => ({ name, bytes: plainBytes(archive.readEntry(name, MAX_DEX_BYTES)) }));
  } finally {
    source.close();
  }
}
