// Entry names: decoding (APPNOTE 4.4.4 bit 11 = UTF-8, else IBM code page 437, APPNOTE appendix D)
// and the safety rules applied before any name can become a path on disk or in a bundle.

import { MalformedInputError } from '../core/errors.js';
import { FLAG_UTF8 } from './zip-records.js';

// Code page 437, bytes 0x80..0xff (the low half is ASCII).
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
  'αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

export function decodeCp437(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80]!;
  return s;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function decodeEntryName(rawName: Uint8Array, flags: number): string {
  return flags & FLAG_UTF8 ? utf8.decode(rawName) : decodeCp437(rawName);
}

/** True when every byte is 7-bit ASCII (such a name reads the same in CP437 and UTF-8). */
export function isAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return false;
  return true;
}

// Rules (each refused with its own code, checked in this order):
// 1. No NUL byte anywhere in the raw name (ZIP_UNSAFE_NAME_NUL): C consumers would truncate it.
// 2. No backslash (ZIP_UNSAFE_NAME_BACKSLASH): Windows treats it as a separator, zip does not.
// 3. Not absolute: no leading '/', no drive letter 'C:' (ZIP_UNSAFE_NAME_ABSOLUTE).
// 4. No '..' path component (ZIP_UNSAFE_NAME_DOTDOT): zip-slip.
// 5. Not empty (ZIP_UNSAFE_NAME_EMPTY).
export function assertSafeEntryName(name: string, rawName: Uint8Array, offset: number): void {
  const fail = (code: string, why: string): never => {
    throw new MalformedInputError(code, `entry name ${JSON.stringify(name)} ${why}`, { entry: name, offset });
  };
  if (rawName.includes(0)) fail('ZIP_UNSAFE_NAME_NUL', 'contains a NUL byte');
  if (name.includes('\\')) fail('ZIP_UNSAFE_NAME_BACKSLASH', 'contains a backslash; expected only / as separator');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) fail('ZIP_UNSAFE_NAME_ABSOLUTE', 'is absolute; expected a relative path');
  if (name.split('/').includes('..')) fail('ZIP_UNSAFE_NAME_DOTDOT', "has a '..' component");
  if (name.length === 0) fail('ZIP_UNSAFE_NAME_EMPTY', 'is empty');
}
