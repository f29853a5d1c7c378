// Seeded random rv32im programs that loop for a long time: a random body (ALU, M, loads, stores,
// forward branches, calls) run N times, with stores that rewrite the body's own code as it runs.
import { encode, type EncodeFields } from '../../emulator/isa/encode';
import type { Mnemonic } from '../../emulator/isa/table';
import type { Rng } from './random-program';

export interface LoopingProgram {
  readonly base: number;
  readonly words: Uint32Array;
}

export interface LoopingOptions {
  readonly bodyLength: number;
  readonly iterations: number;
  /** chance per body instruction of a store into the body's code */
  readonly codeStores: number;
  /** chance per memory access of a misaligned or out-of-memory address (the run then traps) */
  readonly faults: number;
}

const S0 = 8; // data pointer
const S1 = 9; // data pointer
const RA = 1;
const CODE_PTR = 28; // points at a body instruction (set before each code store)
const NEW_WORD = 29; // a legal instruction word that code stores write
const SUB_PTR = 30; // the subroutine's address, for indirect calls
const COUNTER = 31;
const RESERVED = new Set([RA, 2, S0, S1, CODE_PTR, NEW_WORD, SUB_PTR, COUNTER]);
const DATA = 0x8000;

const ALU: readonly Mnemonic[] = ['add', 'sub', 'sll', 'slt', 'sltu', 'xor', 'srl', 'sra', 'or', 'and', 'mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'];
const IMM: readonly Mnemonic[] = ['addi', 'slti', 'sltiu', 'xori', 'ori', 'andi'];
const SHIFT: readonly Mnemonic[] = ['slli', 'srli', 'srai'];
const LOADS: readonly [Mnemonic, number][] = [['lb', 1], ['lbu', 1], ['lh', 2], ['lhu', 2], ['lw', 4]];
const STORES: readonly [Mnemonic, number][] = [['sb', 1], ['sh', 2], ['sw', 4]];
const BRANCHES: readonly Mnemonic[] = ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'];
/** what code stores write: harmless ALU instructions on non-reserved registers */
const REPLACEMENTS = [
  encode({ mnemonic: 'addi', rd: 5, rs1: 5, imm: 7 }),
  encode({ mnemonic: 'xor', rd: 6, rs1: 6, rs2: 5 }),
  encode({ mnemonic: 'mul', rd: 7, rs1: 7, rs2: 6 }),
];

const e = (f: EncodeFields) => encode(f);
const li = (rd: number, value: number): number[] => {
  const upper = ((value + 0x800) & ~0xfff) | 0;
  return [e({ mnemonic: 'lui', rd, imm: upper }), e({ mnemonic: 'addi', rd, rs1: rd, imm: (value - upper) | 0 })];
};

/**
 * Layout: prologue (registers), body (bodyLength slots, one instruction each except code stores,
 * which take 3), loop tail (counter, bne), exit ecall, then a subroutine the body calls.
 */
export function loopingProgram(rng: Rng, base: number, options: LoopingOptions): LoopingProgram {
  const dest = () => {
    for (;;) {
      const r = 3 + rng.below(29);
      if (!RESERVED.has(r)) return r;
    }
  };
  const src = () => (rng.chance(0.1) ? 0 : rng.below(32));
  const prologue: number[] = [];
  for (let r = 3; r < 32; r++) if (!RESERVED.has(r)) prologue.push(...li(r, rng.chance(0.5) ? rng.below(64) - 8 : rng.next() | 0));
  prologue.push(...li(S0, DATA), ...li(S1, DATA + 4 * rng.below(1024)), ...li(NEW_WORD, rng.pick(REPLACEMENTS)), ...li(COUNTER, options.iterations), ...li(SUB_PTR, 0));
  const bodyStart = base + 4 * prologue.length;
  // body slots: each is a function of its own pc, the body's end pc and the subroutine's pc
  type Slot = (pc: number, end: number, sub: number) => number[];
  const slots: Slot[] = [];
  let size = 0;
  const bodyAddresses: number[] = [];
  for (let k = 0; k < options.bodyLength; k++) {
    const roll = rng.below(100);
    const at = bodyStart + 4 * size;
    bodyAddresses.push(at);
    let slot: Slot;
    if (roll < 35) slot = () => [e({ mnemonic: rng.pick(ALU), rd: dest(), rs1: src(), rs2: src() })];
    else if (roll < 50) slot = () => [e({ mnemonic: rng.pick(IMM), rd: dest(), rs1: src(), imm: rng.below(4096) - 2048 })];
    else if (roll < 57) slot = () => [e({ mnemonic: rng.pick(SHIFT), rd: dest(), rs1: src(), imm: rng.below(32) })];
    else if (roll < 62) slot = () => [e({ mnemonic: rng.pick(['lui', 'auipc'] as const), rd: dest(), imm: (rng.next() & ~0xfff) | 0 })];
    else if (roll < 80) {
      const [mnemonic, bytes] = roll < 72 ? rng.pick(LOADS) : rng.pick(STORES);
      const fault = rng.chance(options.faults);
      const imm = fault ? (rng.chance(0.5) ? 1 : -2048) : bytes * rng.below(256);
      const pointer = fault && rng.chance(0.5) ? 0 : rng.chance(0.5) ? S0 : S1;
      slot = roll < 72 ? () => [e({ mnemonic, rd: dest(), rs1: pointer, imm })] : () => [e({ mnemonic, rs1: pointer, rs2: src(), imm })];
    } else if (roll < 92) {
      const skip = 1 + rng.below(6);
      slot = (pc, end) => [e({ mnemonic: rng.pick(BRANCHES), rs1: src(), rs2: src(), imm: Math.min(4 * skip, end - pc) })];
    } else if (roll < 96) slot = (pc, _end, sub) => [e({ mnemonic: 'jal', rd: RA, imm: sub - pc })];
    else slot = () => [e({ mnemonic: 'jalr', rd: RA, rs1: SUB_PTR, imm: 0 })]; // an indirect call
    if (rng.chance(options.codeStores)) {
      // auipc CODE_PTR + addi to a body slot (behind, here, or ahead), then sw NEW_WORD there
      const target = rng.below(options.bodyLength);
      slots.push((pc) => {
        const to = bodyAddresses[Math.min(target, bodyAddresses.length - 1)] ?? pc + 12;
        const dest = rng.chance(0.3) ? pc + 12 : to; // pc + 12: the instruction right after the store
        return [e({ mnemonic: 'auipc', rd: CODE_PTR, imm: 0 }), e({ mnemonic: 'addi', rd: CODE_PTR, rs1: CODE_PTR, imm: dest - pc }), e({ mnemonic: 'sw', rs1: CODE_PTR, rs2: NEW_WORD, imm: 0 })];
      });
      size += 3;
      bodyAddresses[bodyAddresses.length - 1] = at + 12;
    }
    slots.push(slot);
    size += 1;
  }
  const end = bodyStart + 4 * size;
  const tail = [e({ mnemonic: 'addi', rd: COUNTER, rs1: COUNTER, imm: -1 }), e({ mnemonic: 'bne', rs1: COUNTER, rs2: 0, imm: bodyStart - (end + 4) })];
  const exit = [...li(17, 93), 0x73];
  const sub = end + 4 * (tail.length + exit.length);
  const subroutine = [e({ mnemonic: 'addi', rd: 5, rs1: 5, imm: 3 }), e({ mnemonic: 'xor', rd: 6, rs1: 6, rs2: 5 }), e({ mnemonic: 'jalr', rd: 0, rs1: RA, imm: 0 })];
  // SUB_PTR comes last in the prologue: a placeholder until the subroutine's address is known
  const subPointer = li(SUB_PTR, sub);
  prologue.splice(prologue.length - 2, 2, ...subPointer);
  const body: number[] = [];
  let pc = bodyStart;
  for (const slot of slots) {
    const words = slot(pc, end, sub);
    body.push(...words);
    pc += 4 * words.length;
  }
  return { base, words: Uint32Array.from([...prologue, ...body, ...tail, ...exit, ...subroutine]) };
}
