// RV32IM defined once, as data: every instruction's format, fixed encoding fields and mnemonic.
// The decoder, disassembler and encoder are derived from this table; nothing else lists opcodes.

/**
 * Operand shapes. They fix both how immediates are laid out in the word and how the
 * instruction is printed:
 * - R:      op rd, rs1, rs2
 * - I:      op rd, rs1, imm        (ALU with a 12-bit signed immediate)
 * - Ishift: op rd, rs1, shamt      (5-bit shift amount; imm[11:5] is part of the opcode)
 * - Load:   op rd, imm(rs1)
 * - Jalr:   op rd, imm(rs1)
 * - S:      op rs2, imm(rs1)
 * - B:      op rs1, rs2, offset    (13-bit signed, bit 0 always 0)
 * - U:      op rd, imm20           (upper immediate, printed as the 20-bit value)
 * - J:      op rd, offset          (21-bit signed, bit 0 always 0)
 * - Fence:  fence pred, succ       (fm, rs1 and rd are ignored, as the ISA manual allows)
 * - Sys:    op                     (no operands; the whole word is fixed)
 */
export type Format = 'R' | 'I' | 'Ishift' | 'Load' | 'Jalr' | 'S' | 'B' | 'U' | 'J' | 'Fence' | 'Sys';

export interface InstructionSpec {
  readonly mnemonic: string;
  readonly format: Format;
  readonly opcode: number;
  /** bits 14:12, where the format has them */
  readonly funct3?: number;
  /** bits 31:25 (R and Ishift formats) */
  readonly funct7?: number;
  /** the whole word (Sys format) */
  readonly word?: number;
  readonly extension: 'I' | 'M';
}

/** Major opcodes (bits 6:0). */
export const OPCODE = {
  LOAD: 0x03,
  MISC_MEM: 0x0f,
  OP_IMM: 0x13,
  AUIPC: 0x17,
  STORE: 0x23,
  OP: 0x33,
  LUI: 0x37,
  BRANCH: 0x63,
  JALR: 0x67,
  JAL: 0x6f,
  SYSTEM: 0x73,
} as const;

const O = OPCODE;
const i = (mnemonic: string, format: Format, opcode: number, funct3?: number, funct7?: number): InstructionSpec => ({
  mnemonic,
  format,
  opcode,
  funct3,
  funct7,
  extension: 'I',
});
const m = (mnemonic: string, funct3: number): InstructionSpec => ({
  mnemonic,
  format: 'R',
  opcode: O.OP,
  funct3,
  funct7: 0x01,
  extension: 'M',
});

export const INSTRUCTIONS = [
  i('lui', 'U', O.LUI),
  i('auipc', 'U', O.AUIPC),
  i('jal', 'J', O.JAL),
  i('jalr', 'Jalr', O.JALR, 0),
  i('beq', 'B', O.BRANCH, 0),
  i('bne', 'B', O.BRANCH, 1),
  i('blt', 'B', O.BRANCH, 4),
  i('bge', 'B', O.BRANCH, 5),
  i('bltu', 'B', O.BRANCH, 6),
  i('bgeu', 'B', O.BRANCH, 7),
  i('lb', 'Load', O.LOAD, 0),
  i('lh', 'Load', O.LOAD, 1),
  i('lw', 'Load', O.LOAD, 2),
  i('lbu', 'Load', O.LOAD, 4),
  i('lhu', 'Load', O.LOAD, 5),
  i('sb', 'S', O.STORE, 0),
  i('sh', 'S', O.STORE, 1),
  i('sw', 'S', O.STORE, 2),
  i('addi', 'I', O.OP_IMM, 0),
  i('slti', 'I', O.OP_IMM, 2),
  i('sltiu', 'I', O.OP_IMM, 3),
  i('xori', 'I', O.OP_IMM, 4),
  i('ori', 'I', O.OP_IMM, 6),
  i('andi', 'I', O.OP_IMM, 7),
  i('slli', 'Ishift', O.OP_IMM, 1, 0x00),
  i('srli', 'Ishift', O.OP_IMM, 5, 0x00),
  i('srai', 'Ishift', O.OP_IMM, 5, 0x20),
  i('add', 'R', O.OP, 0, 0x00),
  i('sub', 'R', O.OP, 0, 0x20),
  i('sll', 'R', O.OP, 1, 0x00),
  i('slt', 'R', O.OP, 2, 0x00),
  i('sltu', 'R', O.OP, 3, 0x00),
  i('xor', 'R', O.OP, 4, 0x00),
  i('srl', 'R', O.OP, 5, 0x00),
  i('sra', 'R', O.OP, 5, 0x20),
  i('or', 'R', O.OP, 6, 0x00),
  i('and', 'R', O.OP, 7, 0x00),
  i('fence', 'Fence', O.MISC_MEM, 0),
  { mnemonic: 'ecall', format: 'Sys', opcode: O.SYSTEM, word: 0x00000073, extension: 'I' },
  { mnemonic: 'ebreak', format: 'Sys', opcode: O.SYSTEM, word: 0x00100073, extension: 'I' },
  m('mul', 0),
  m('mulh', 1),
  m('mulhsu', 2),
  m('mulhu', 3),
  m('div', 4),
  m('divu', 5),
  m('rem', 6),
  m('remu', 7),
] as const satisfies readonly InstructionSpec[];

export type Mnemonic = (typeof INSTRUCTIONS)[number]['mnemonic'];

/** Which bits of the word are fixed by the spec (mask) and what they must be (match). */
export function encodingPattern(spec: InstructionSpec): { mask: number; match: number } {
  if (spec.word !== undefined) return { mask: 0xffffffff | 0, match: spec.word | 0 };
  let mask = 0x7f;
  let match = spec.opcode;
  if (spec.funct3 !== undefined) {
    mask |= 0x7 << 12;
    match |= spec.funct3 << 12;
  }
  if (spec.funct7 !== undefined) {
    mask |= 0x7f << 25;
    match |= spec.funct7 << 25;
  }
  return { mask: mask | 0, match: match | 0 };
}

/** ABI register names, indexed by register number. */
export const REGISTER_NAMES = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2',
  's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7',
  's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
] as const;

/** Register numbers by ABI name and by xN name (plus `fp` for s0). */
export const REGISTER_NUMBERS: ReadonlyMap<string, number> = new Map<string, number>([
  ...REGISTER_NAMES.map((name, n) => [name, n] as [string, number]),
  ...REGISTER_NAMES.map((_, n) => [`x${n}`, n] as [string, number]),
  ['fp', 8],
]);
