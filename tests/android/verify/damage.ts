// Damaged copies of an APK for verifier agreement tests: each changes one thing that a signature must
// cover. Offsets come from the zip structure; the appended entry is written by Python's zipfile and the
// removed one by Info-ZIP's `zip -d`.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BytesSource } from '../../../src/core/data-source.js';
import { openZip } from '../../../src/container/zip-reader.js';
import { findSigningBlock } from '../../../src/android/sign/signing-block.js';
import {
  APK_SIGNATURE_SCHEME_V2_BLOCK_ID, APK_SIGNATURE_SCHEME_V31_BLOCK_ID, APK_SIGNATURE_SCHEME_V3_BLOCK_ID, serializeSigningBlock,
} from '../../../src/android/sign/signing-block.js';
import { run, SYSTEM_PYTHON } from '../../helpers/env.js';

export type Damage = 'entry-data' | 'cd-crc' | 'cd-name' | 'signed-data' | 'block-removed' | 'v3-removed' | 'entry-added' | 'entry-removed';
export const DAMAGES: readonly Damage[] = ['entry-data', 'cd-crc', 'cd-name', 'signed-data', 'block-removed', 'v3-removed', 'entry-added', 'entry-removed'];

function load(apk: string): { bytes: Buffer; archive: ReturnType<typeof openZip> } {
  const bytes = readFileSync(apk);
  return { bytes, archive: openZip(new BytesSource(new Uint8Array(bytes))) };
}

/** Writes the damaged copy and returns its path, or undefined when the damage does not apply. */
export function damage(apk: string, kind: Damage, dir: string, name: string): string | undefined {
  const out = join(dir, `${name}--${kind}.apk`);
  const { bytes, archive } = load(apk);
  // Not the manifest: a damaged manifest hides the min SDK, and both tools then reject for that reason alone.
  const victim = archive.entries.find((e) => !e.name.startsWith('META-INF/') && e.name !== 'AndroidManifest.xml' && e.compressedSize > 16);
  if (!victim) return undefined;
  const cdEntryOffset = centralHeaderOffset(bytes, archive.centralDirectoryOffset, victim.rawName);
  switch (kind) {
    case 'entry-data':
      bytes[victim.dataOffset + Math.floor(victim.compressedSize / 2)] ^= 0x01;
      break;
    case 'cd-crc':
      bytes[cdEntryOffset + 16] ^= 0x01;
      break;
    case 'cd-name':
      bytes[cdEntryOffset + 46 + victim.rawName.length - 1] ^= 0x01;
      break;
    case 'signed-data': {
      const at = signedDataByte(archive);
      if (at === undefined) return undefined;
      bytes[at] ^= 0x01;
      break;
    }
    case 'block-removed': {
      const block = findSigningBlock(archive);
      if (!block) return undefined;
      writeFileSync(out, withoutBlock(bytes, block.offset, archive.centralDirectoryOffset, archive.eocdOffset));
      return out;
    }
    case 'v3-removed': {
      const block = findSigningBlock(archive);
      const kept = block?.pairs.filter((p) => p.id !== APK_SIGNATURE_SCHEME_V3_BLOCK_ID && p.id !== APK_SIGNATURE_SCHEME_V31_BLOCK_ID);
      if (!block || !kept || kept.length === block.pairs.length) return undefined;
      writeFileSync(out, withBlock(bytes, block.offset, serializeSigningBlock(kept), archive.centralDirectoryOffset, archive.eocdOffset));
      return out;
    }
    case 'entry-removed':
      copyFileSync(apk, out);
      run('zip', ['-q', '-d', out, victim.name]);
      return out;
    case 'entry-added':
      copyFileSync(apk, out);
      run(SYSTEM_PYTHON, ['-c', 'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "a") as z: z.writestr("assets/added-after-signing.txt", "hello")', out]);
      return out;
  }
  writeFileSync(out, bytes);
  return out;
}

function centralHeaderOffset(bytes: Buffer, cdOffset: number, rawName: Uint8Array): number {
  let at = cdOffset;
  for (;;) {
    const nameLength = bytes.readUInt16LE(at + 28);
    const name = bytes.subarray(at + 46, at + 46 + nameLength);
    if (Buffer.compare(name, Buffer.from(rawName)) === 0) return at;
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
}

// A byte in the middle of the first signer's signed data of the v3 block (v2 when there is no v3):
// value = LP signers { LP signer { LP signed data … } }.
function signedDataByte(archive: ReturnType<typeof openZip>): number | undefined {
  const block = findSigningBlock(archive);
  const pair = block?.pairs.find((p) => p.id === APK_SIGNATURE_SCHEME_V3_BLOCK_ID) ?? block?.pairs.find((p) => p.id === APK_SIGNATURE_SCHEME_V2_BLOCK_ID);
  if (!pair) return undefined;
  const signedDataLength = Buffer.from(pair.value).readUInt32LE(8);
  return pair.offset + 12 + 12 + Math.floor(signedDataLength / 2);
}

function withoutBlock(bytes: Buffer, blockOffset: number, cdOffset: number, eocdOffset: number): Buffer {
  return withBlock(bytes, blockOffset, new Uint8Array(0), cdOffset, eocdOffset);
}

function withBlock(bytes: Buffer, blockOffset: number, block: Uint8Array, cdOffset: number, eocdOffset: number): Buffer {
  const eocd = Buffer.from(bytes.subarray(eocdOffset));
  eocd.writeUInt32LE(blockOffset + block.length, 16);
  return Buffer.concat([bytes.subarray(0, blockOffset), block, bytes.subarray(cdOffset, eocdOffset), eocd]);
}
