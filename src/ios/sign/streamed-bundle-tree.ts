// A BundleTree for signing that does not hold the bundle in memory: a file's bytes are read from the
// container the first time signing asks for them (Info.plists, executables, dylibs, profiles: what the
// signer parses or rewrites) and kept; every other file is only ever streamed through SHA-1 and SHA-256
// for the resource seal, in chunks, never materialized. The container provides the chunked reader: a
// zip entry through ZipArchive.streamEntry (inflated and CRC-checked on the fly), or a file on disk.

import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { IoError } from '../../core/errors.js';
import type { ZipArchive } from '../../container/zip-types.js';
import type { BundleSource } from '../bundle/bundle-source.js';
import { BundleTree, type TreeFile } from '../bundle/bundle-tree.js';
import { FAT_MAGIC, FAT_MAGIC_64 } from '../macho/loader-constants.js';
import { machOFileType } from '../verify/verify-macho-signature.js';

export interface ContentDigests {
  sha1: Uint8Array;
  sha256: Uint8Array;
}

/** Hands a file's content to `consume` in order, in chunks. */
export type ChunkReader = (path: string, consume: (chunk: Uint8Array) => void) => void;

const DISK_CHUNK = 1 << 20;

/** Digests of an unchanged file as read from the input, with the Mach-O file type of its first bytes. */
export interface InputFileFacts extends ContentDigests {
  filetype?: number;
  /** A fat header: the file type is in a slice past the bytes kept, so `filetype` is not known. */
  fat?: true;
}

export class StreamedBundleTree extends BundleTree {
  private readonly loaded = new Set<string>();
  private readonly inputFacts = new Map<string, InputFileFacts>();

  private constructor(name: string, private readonly stream: ChunkReader) {
    super(name);
  }

  static open(source: BundleSource, stream: ChunkReader): StreamedBundleTree {
    const tree = new StreamedBundleTree(source.name, stream);
    for (const f of source.files()) {
      if (f.symlinkTarget !== undefined) {
        tree.files.set(f.path, { path: f.path, symlinkTarget: f.symlinkTarget });
        continue;
      }
      let cached: Uint8Array | undefined;
      const path = f.path;
      const loaded = tree.loaded;
      const lazy: TreeFile = {
        path,
        get bytes(): Uint8Array {
          if (!cached) {
            cached = source.read(path);
            loaded.add(path);
          }
          return cached;
        },
      };
      tree.files.set(path, lazy);
    }
    return tree;
  }

  /** SHA-1 and SHA-256 of a file: over the bytes in memory when it has them, else streamed; an unchanged
   * file is hashed once (a nested bundle's files are sealed by it and again by every enclosing bundle). */
  digests(path: string): ContentDigests {
    if (this.changed.has(path)) return digestBytes(this.read(path));
    let facts = this.inputFacts.get(path);
    if (!facts) {
      facts = this.loaded.has(path) ? factsOfBytes(this.read(path)) : this.streamFacts(path);
      this.inputFacts.set(path, facts);
    }
    return facts;
  }

  /** The digests hashed from the input for a file the signer left unchanged, if it hashed it. */
  inputDigests(path: string): InputFileFacts | undefined {
    return this.changed.has(path) ? undefined : this.inputFacts.get(path);
  }

  /** Drops every file's bytes (once written out), keeping the input digests for the output check. */
  releaseContents(): void {
    this.files.clear();
  }

  private streamFacts(path: string): InputFileFacts {
    const sha1 = createHash('sha1');
    const sha256 = createHash('sha256');
    let head: Uint8Array = new Uint8Array(0);
    this.stream(path, (chunk) => {
      if (head.length < HEAD_BYTES) head = concat(head, chunk.subarray(0, HEAD_BYTES - head.length));
      sha1.update(chunk);
      sha256.update(chunk);
    });
    return { sha1: new Uint8Array(sha1.digest()), sha256: new Uint8Array(sha256.digest()), ...fileTypeOf(head) };
  }
}

/** Enough of a file for its Mach-O file type (machOFileType reads 16 bytes, or a fat header's first slice). */
const HEAD_BYTES = 4096;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function fileTypeOf(head: Uint8Array): { filetype?: number; fat?: true } {
  const magic = head.length >= 4 ? new DataView(head.buffer, head.byteOffset, 4).getUint32(0, false) : 0;
  if (magic === FAT_MAGIC || magic === FAT_MAGIC_64) return { fat: true };
  const filetype = machOFileType(head);
  return filetype === undefined ? {} : { filetype };
}

function factsOfBytes(bytes: Uint8Array): InputFileFacts {
  return { ...digestBytes(bytes), ...fileTypeOf(bytes) };
}

export function digestBytes(bytes: Uint8Array): ContentDigests {
  return { sha1: new Uint8Array(createHash('sha1').update(bytes).digest()), sha256: new Uint8Array(createHash('sha256').update(bytes).digest()) };
}

/** Chunks of the entries of the .app at `location` ("Payload/X.app/") in a zip. */
export function zipChunkReader(archive: ZipArchive, location: string): ChunkReader {
  return (path, consume) => archive.streamEntry(archive.getEntry(location + path)!, consume);
}

/** Chunks of the files of an .app folder. */
export function directoryChunkReader(dir: string): ChunkReader {
  return (path, consume) => {
    const file = join(dir, path);
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (e) {
      throw new IoError('INPUT_UNREADABLE', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code}`, { file }, { cause: e });
    }
    try {
      const buf = Buffer.allocUnsafe(DISK_CHUNK);
      for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) consume(buf.subarray(0, n));
    } finally {
      closeSync(fd);
    }
  };
}
