// Instruction word -> assembly text in the exact form `llvm-objdump -d -M no-aliases --mattr=+m`
// (LLVM 14) prints after the raw bytes: mnemonic, a tab, then operands with ABI register names.
import { decode } from './decode';
import type { Decoded } from './decoded';
import { REGISTER_NAMES, type Format } from './table';

/** What llvm-objdump prints for a word it cannot decode; we print it for every illegal word. */
export const UNKNOWN_TEXT = '<unknown>';

/** fence with fm=1000 (TSO), pred=succ=rw, which llvm-objdump names on its own. */
const FENCE_TSO_FIELD = 0x833;

/** Fence pred/succ bits, most significant first; LLVM 14 prints an empty set as `unknown`. */
const FENCE_BITS = [
  [8, 'i'],
  [4, 'o'],
  [2, 'r'],
  [1, 'w'],
] as const;

function fenceSet(bits: number): string {
  const letters = FENCE_BITS.filter(([bit]) => bits & bit)
    .map(([, letter]) => letter)
    .join('');
  return letters === '' ? 'unknown' : letters;
}

const reg = (n: number): string => REGISTER_NAMES[n];

/**
 * Branch/jump target: with a pc, the absolute address as llvm-objdump prints it (`0x1c`, wrapped to
 * 32 bits, without the ` <sym+off>` it appends); without one, the decimal byte offset, which is
 * what llvm-mc accepts and prints.
 */
function target(offset: number, pc: number | undefined): string {
  return pc === undefined ? String(offset) : `0x${((pc + offset) >>> 0).toString(16)}`;
}

type OperandPrinter = (d: Decoded, pc: number | undefined) => string;

const OPERAND_PRINTERS: Readonly<Record<Format, OperandPrinter>> = {
  R: (d) => `${reg(d.rd)}, ${reg(d.rs1)}, ${reg(d.rs2)}`,
  I: (d) => `${reg(d.rd)}, ${reg(d.rs1)}, ${d.imm}`,
  Ishift: (d) => `${reg(d.rd)}, ${reg(d.rs1)}, ${d.imm}`,
  Load: (d) => `${reg(d.rd)}, ${d.imm}(${reg(d.rs1)})`,
  Jalr: (d) => `${reg(d.rd)}, ${d.imm}(${reg(d.rs1)})`,
  S: (d) => `${reg(d.rs2)}, ${d.imm}(${reg(d.rs1)})`,
  B: (d, pc) => `${reg(d.rs1)}, ${reg(d.rs2)}, ${target(d.imm, pc)}`,
  U: (d) => `${reg(d.rd)}, ${d.imm >>> 12}`,
  J: (d, pc) => `${reg(d.rd)}, ${target(d.imm, pc)}`,
  Fence: (d) => `${fenceSet((d.imm >>> 4) & 0xf)}, ${fenceSet(d.imm & 0xf)}`,
  Sys: () => '',
};

/**
 * Disassembles one word. Illegal words give UNKNOWN_TEXT. Fences with nonzero fm/rs1/rd (which
 * llvm-objdump rejects, except fence.tso) print as `fence pred, succ`, since we decode them so.
 */
export function disassemble(word: number, pc?: number): string {
  const d = decode(word);
  if (d === null) return UNKNOWN_TEXT;
  if (d.spec.format === 'Fence' && d.imm === FENCE_TSO_FIELD && (word & 0xf8f80) === 0) return 'fence.tso\t';
  return `${d.mnemonic}\t${OPERAND_PRINTERS[d.spec.format](d, pc)}`;
}
