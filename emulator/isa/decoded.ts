// The decoded form of one instruction word, shared by the decoder, disassembler, encoder and the
// reference interpreter.
import type { InstructionSpec, Mnemonic } from './table';

export interface Decoded {
  readonly spec: InstructionSpec;
  readonly mnemonic: Mnemonic;
  /** register numbers; 0 where the format has no such field */
  readonly rd: number;
  readonly rs1: number;
  readonly rs2: number;
  /**
   * The immediate as the instruction uses it, sign-extended to int32:
   * I/Load/Jalr/S: the 12-bit value; B/J: the byte offset; U: the full upper value
   * (imm20 << 12, as int32); Ishift: the shift amount; Fence: bits 31:20 (fm, pred, succ) as an
   * unsigned bit field (0..4095), not sign-extended;
   * R/Sys: 0.
   */
  readonly imm: number;
  /** the instruction word, unsigned */
  readonly raw: number;
}
