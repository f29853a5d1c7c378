// Instruction word -> Decoded, derived from the ISA table (mask/match per spec, indexed by opcode
// and funct3), plus the typed field and immediate getters the interpreters can reuse.
import type { Decoded } from './decoded';
import { INSTRUCTIONS, encodingPattern, type Format, type InstructionSpec, type Mnemonic } from './table';

/** rd, bits 11:7 */
export const rdOf = (word: number): number => (word >>> 7) & 0x1f;
/** rs1, bits 19:15 */
export const rs1Of = (word: number): number => (word >>> 15) & 0x1f;
/** rs2, bits 24:20 */
export const rs2Of = (word: number): number => (word >>> 20) & 0x1f;
/** funct3, bits 14:12 */
export const funct3Of = (word: number): number => (word >>> 12) & 0x7;
/** major opcode, bits 6:0 */
export const opcodeOf = (word: number): number => word & 0x7f;

/** I-type immediate: bits 31:20, sign-extended. */
export const immI = (word: number): number => word >> 20;

/** S-type immediate: bits 31:25 | 11:7, sign-extended. */
export const immS = (word: number): number => ((word >> 20) & ~0x1f) | ((word >>> 7) & 0x1f);

/** B-type byte offset: imm[12|10:5] in 31:25, imm[4:1|11] in 11:7, sign-extended. */
export const immB = (word: number): number =>
  ((word >> 19) & ~0xfff) | // imm[12] and the sign
  ((word << 4) & 0x800) | // imm[11] from bit 7
  ((word >>> 20) & 0x7e0) | // imm[10:5] from bits 30:25
  ((word >>> 7) & 0x1e); // imm[4:1] from bits 11:8

/** U-type value: bits 31:12 in place, low 12 bits zero, as int32. */
export const immU = (word: number): number => word & ~0xfff;

/** J-type byte offset: imm[20|10:1|11|19:12] in bits 31:12, sign-extended. */
export const immJ = (word: number): number =>
  ((word >> 11) & ~0xfffff) | // imm[20] and the sign
  (word & 0xff000) | // imm[19:12] in place
  ((word >>> 9) & 0x800) | // imm[11] from bit 20
  ((word >>> 20) & 0x7fe); // imm[10:1] from bits 30:21

/** Shift amount of slli/srli/srai: bits 24:20. */
export const shamtOf = (word: number): number => (word >>> 20) & 0x1f;

/** Fence fm/pred/succ: bits 31:20 as an unsigned 12-bit field. */
export const fenceFieldOf = (word: number): number => word >>> 20;

/** Which register fields each format carries, and how its immediate is read. */
interface FormatLayout {
  readonly rd: boolean;
  readonly rs1: boolean;
  readonly rs2: boolean;
  readonly imm: (word: number) => number;
}

const noImm = (): number => 0;

export const FORMAT_LAYOUTS: Readonly<Record<Format, FormatLayout>> = {
  R: { rd: true, rs1: true, rs2: true, imm: noImm },
  I: { rd: true, rs1: true, rs2: false, imm: immI },
  Ishift: { rd: true, rs1: true, rs2: false, imm: shamtOf },
  Load: { rd: true, rs1: true, rs2: false, imm: immI },
  Jalr: { rd: true, rs1: true, rs2: false, imm: immI },
  S: { rd: false, rs1: true, rs2: true, imm: immS },
  B: { rd: false, rs1: true, rs2: true, imm: immB },
  U: { rd: true, rs1: false, rs2: false, imm: immU },
  J: { rd: true, rs1: false, rs2: false, imm: immJ },
  Fence: { rd: false, rs1: false, rs2: false, imm: fenceFieldOf },
  Sys: { rd: false, rs1: false, rs2: false, imm: noImm },
};

interface Candidate {
  readonly spec: InstructionSpec;
  readonly mnemonic: Mnemonic;
  readonly mask: number;
  readonly match: number;
  readonly layout: FormatLayout;
}

/** Candidates indexed by opcode | funct3 << 7; specs without funct3 sit under all eight. */
const candidatesByKey: Candidate[][] = buildIndex();

function buildIndex(): Candidate[][] {
  const index: Candidate[][] = Array.from({ length: 1 << 10 }, () => []);
  for (const spec of INSTRUCTIONS as readonly InstructionSpec[]) {
    const { mask, match } = encodingPattern(spec);
    const candidate: Candidate = {
      spec,
      mnemonic: spec.mnemonic as Mnemonic,
      mask,
      match,
      layout: FORMAT_LAYOUTS[spec.format],
    };
    const funct3s = spec.funct3 !== undefined ? [spec.funct3] : [0, 1, 2, 3, 4, 5, 6, 7];
    for (const funct3 of funct3s) index[spec.opcode | (funct3 << 7)].push(candidate);
  }
  return index;
}

/** Decodes one instruction word; null if it is not a legal RV32IM instruction. */
export function decode(word: number): Decoded | null {
  const candidates = candidatesByKey[(word & 0x7f) | ((word >>> 5) & 0x380)];
  for (let n = 0; n < candidates.length; n++) {
    const c = candidates[n];
    if ((word & c.mask) !== c.match) continue;
    const layout = c.layout;
    return {
      spec: c.spec,
      mnemonic: c.mnemonic,
      rd: layout.rd ? (word >>> 7) & 0x1f : 0,
      rs1: layout.rs1 ? (word >>> 15) & 0x1f : 0,
      rs2: layout.rs2 ? (word >>> 20) & 0x1f : 0,
      imm: layout.imm(word),
      raw: word >>> 0,
    };
  }
  return null;
}
