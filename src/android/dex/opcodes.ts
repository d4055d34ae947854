// The Dalvik instruction set as one table (source.android.com "Dalvik bytecode" and "Dalvik Executable
// instruction formats"): opcode → mnemonic, format, and the kind of index the instruction refers to.
// Opcodes unused in DEX 035-039 are named "unused-XX" with format 10x, as dexdump names them; the
// optimized (odex) formats 20bc, 22cs, 35ms, 35mi, 3rms, 3rmi are known to the codec for completeness.

export type InsnFormat =
  | '10x' | '12x' | '11n' | '11x' | '10t' | '20t' | '20bc' | '22x' | '21t' | '21s' | '21h' | '21c' | '23x' | '22b'
  | '22t' | '22s' | '22c' | '22cs' | '30t' | '32x' | '31i' | '31t' | '31c' | '35c' | '35ms' | '35mi' | '3rc' | '3rms'
  | '3rmi' | '45cc' | '4rcc' | '51l';

export type IndexKind = 'none' | 'string' | 'type' | 'field' | 'method' | 'proto' | 'call-site' | 'method-handle' | 'vtable-offset' | 'field-offset' | 'inline-method' | 'verify-error';

export interface OpcodeInfo {
  opcode: number;
  name: string;
  format: InsnFormat;
  index: IndexKind;
  /** Second index of 45cc/4rcc (the proto). */
  index2?: IndexKind;
}

/** Size in 16-bit code units of each format. */
export const FORMAT_UNITS: Readonly<Record<InsnFormat, number>> = {
  '10x': 1, '12x': 1, '11n': 1, '11x': 1, '10t': 1, '20t': 2, '20bc': 2, '22x': 2, '21t': 2, '21s': 2, '21h': 2,
  '21c': 2, '23x': 2, '22b': 2, '22t': 2, '22s': 2, '22c': 2, '22cs': 2, '30t': 3, '32x': 3, '31i': 3, '31t': 3,
  '31c': 3, '35c': 3, '35ms': 3, '35mi': 3, '3rc': 3, '3rms': 3, '3rmi': 3, '45cc': 4, '4rcc': 4, '51l': 5,
};

type Row = [first: number, format: InsnFormat, index: IndexKind, names: string];
const ROWS: Row[] = [
  [0x00, '10x', 'none', 'nop'],
  [0x01, '12x', 'none', 'move'], [0x02, '22x', 'none', 'move/from16'], [0x03, '32x', 'none', 'move/16'],
  [0x04, '12x', 'none', 'move-wide'], [0x05, '22x', 'none', 'move-wide/from16'], [0x06, '32x', 'none', 'move-wide/16'],
  [0x07, '12x', 'none', 'move-object'], [0x08, '22x', 'none', 'move-object/from16'], [0x09, '32x', 'none', 'move-object/16'],
  [0x0a, '11x', 'none', 'move-result move-result-wide move-result-object move-exception'],
  [0x0e, '10x', 'none', 'return-void'],
  [0x0f, '11x', 'none', 'return return-wide return-object'],
  [0x12, '11n', 'none', 'const/4'], [0x13, '21s', 'none', 'const/16'], [0x14, '31i', 'none', 'const'],
  [0x15, '21h', 'none', 'const/high16'], [0x16, '21s', 'none', 'const-wide/16'], [0x17, '31i', 'none', 'const-wide/32'],
  [0x18, '51l', 'none', 'const-wide'], [0x19, '21h', 'none', 'const-wide/high16'],
  [0x1a, '21c', 'string', 'const-string'], [0x1b, '31c', 'string', 'const-string/jumbo'],
  [0x1c, '21c', 'type', 'const-class'],
  [0x1d, '11x', 'none', 'monitor-enter monitor-exit'],
  [0x1f, '21c', 'type', 'check-cast'], [0x20, '22c', 'type', 'instance-of'], [0x21, '12x', 'none', 'array-length'],
  [0x22, '21c', 'type', 'new-instance'], [0x23, '22c', 'type', 'new-array'],
  [0x24, '35c', 'type', 'filled-new-array'], [0x25, '3rc', 'type', 'filled-new-array/range'],
  [0x26, '31t', 'none', 'fill-array-data'], [0x27, '11x', 'none', 'throw'],
  [0x28, '10t', 'none', 'goto'], [0x29, '20t', 'none', 'goto/16'], [0x2a, '30t', 'none', 'goto/32'],
  [0x2b, '31t', 'none', 'packed-switch sparse-switch'],
  [0x2d, '23x', 'none', 'cmpl-float cmpg-float cmpl-double cmpg-double cmp-long'],
  [0x32, '22t', 'none', 'if-eq if-ne if-lt if-ge if-gt if-le'],
  [0x38, '21t', 'none', 'if-eqz if-nez if-ltz if-gez if-gtz if-lez'],
  [0x44, '23x', 'none', 'aget aget-wide aget-object aget-boolean aget-byte aget-char aget-short aput aput-wide aput-object aput-boolean aput-byte aput-char aput-short'],
  [0x52, '22c', 'field', 'iget iget-wide iget-object iget-boolean iget-byte iget-char iget-short iput iput-wide iput-object iput-boolean iput-byte iput-char iput-short'],
  [0x60, '21c', 'field', 'sget sget-wide sget-object sget-boolean sget-byte sget-char sget-short sput sput-wide sput-object sput-boolean sput-byte sput-char sput-short'],
  [0x6e, '35c', 'method', 'invoke-virtual invoke-super invoke-direct invoke-static invoke-interface'],
  [0x74, '3rc', 'method', 'invoke-virtual/range invoke-super/range invoke-direct/range invoke-static/range invoke-interface/range'],
  [0x7b, '12x', 'none', 'neg-int not-int neg-long not-long neg-float neg-double int-to-long int-to-float int-to-double long-to-int long-to-float long-to-double float-to-int float-to-long float-to-double double-to-int double-to-long double-to-float int-to-byte int-to-char int-to-short'],
  [0x90, '23x', 'none', binops('')],
  [0xb0, '12x', 'none', binops('/2addr')],
  [0xd0, '22s', 'none', 'add-int/lit16 rsub-int mul-int/lit16 div-int/lit16 rem-int/lit16 and-int/lit16 or-int/lit16 xor-int/lit16'],
  [0xd8, '22b', 'none', 'add-int/lit8 rsub-int/lit8 mul-int/lit8 div-int/lit8 rem-int/lit8 and-int/lit8 or-int/lit8 xor-int/lit8 shl-int/lit8 shr-int/lit8 ushr-int/lit8'],
  [0xfa, '45cc', 'method', 'invoke-polymorphic'], [0xfb, '4rcc', 'method', 'invoke-polymorphic/range'],
  [0xfc, '35c', 'call-site', 'invoke-custom'], [0xfd, '3rc', 'call-site', 'invoke-custom/range'],
  [0xfe, '21c', 'method-handle', 'const-method-handle'], [0xff, '21c', 'proto', 'const-method-type'],
];

function binops(suffix: string): string {
  const ops = (t: string, names: string[]): string[] => names.map((n) => `${n}-${t}${suffix}`);
  const intOps = ['add', 'sub', 'mul', 'div', 'rem', 'and', 'or', 'xor', 'shl', 'shr', 'ushr'];
  const fpOps = ['add', 'sub', 'mul', 'div', 'rem'];
  return [...ops('int', intOps), ...ops('long', intOps), ...ops('float', fpOps), ...ops('double', fpOps)].join(' ');
}

function buildTable(): OpcodeInfo[] {
  const table: OpcodeInfo[] = [];
  for (let op = 0; op < 256; op++) table.push({ opcode: op, name: `unused-${op.toString(16).padStart(2, '0')}`, format: '10x', index: 'none' });
  for (const [first, format, index, names] of ROWS) {
    names.split(' ').forEach((name, k) => {
      const info: OpcodeInfo = { opcode: first + k, name, format, index };
      if (format === '45cc' || format === '4rcc') info.index2 = 'proto';
      table[first + k] = info;
    });
  }
  return table;
}

/** Indexed by opcode (the low byte of an instruction's first code unit). */
export const OPCODES: readonly OpcodeInfo[] = buildTable();

export const OPCODE_BY_NAME: ReadonlyMap<string, OpcodeInfo> = new Map(OPCODES.filter((o) => !o.name.startsWith('unused-')).map((o) => [o.name, o]));

/** True for opcodes of DEX 035-039 (not "unused-XX"). */
export function isDefinedOpcode(op: number): boolean {
  return !OPCODES[op]!.name.startsWith('unused-');
}
