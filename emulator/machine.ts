// The architectural state of one rv32im hart: registers, pc, retired-instruction count, memory.
// Interpreters mutate it; nothing here runs code or does I/O.
import { Memory } from './memory';

export class Machine {
  /** x0..x31; x0 always reads 0 (interpreters keep it so). In a wasm-backed memory's header when it has one. */
  readonly regs: Int32Array;
  pc = 0;
  /** retired instructions so far (one cycle each) */
  cycles = 0;

  constructor(readonly memory: Memory) {
    this.regs = memory.claimRegisters();
  }

  /** A copy of the register file as unsigned 32-bit values. */
  registers(): number[] {
    return Array.from(this.regs, (v) => v >>> 0);
  }
}
