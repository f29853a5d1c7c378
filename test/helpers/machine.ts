// A machine with a program's words at its base, its registers (x0 kept 0) and pc at the base: the
// start state the differential suites (interpreters, compiler, trace) build their runs from.
import { Machine } from '../../emulator/machine';
import { Memory } from '../../emulator/memory';

export interface LoadedProgram {
  /** load address of the first word (pc starts there) */
  readonly base: number;
  readonly words: ArrayLike<number>;
  /** initial x0..x31 (x0 is forced to 0) */
  readonly registers?: Int32Array;
}

/** A fresh machine of `memorySize` bytes (default 64 KiB) holding `p`. */
export function programMachine(p: LoadedProgram, memorySize = 64 * 1024): Machine {
  const m = new Machine(new Memory(memorySize));
  for (let k = 0; k < p.words.length; k++) m.memory.writeWord(p.base + 4 * k, p.words[k]);
  if (p.registers) m.regs.set(p.registers);
  m.regs[0] = 0;
  m.pc = p.base;
  return m;
}
