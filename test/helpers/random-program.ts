// Seeded random rv32im programs for differential testing: every instruction of the table with
// edge-case operands, jumps inside the program (and some misaligned), memory accesses that hit,
// miss and misalign, stores into the code itself, ecalls and illegal words.
import { encode } from '../../emulator/isa/encode';
import { INSTRUCTIONS, type InstructionSpec } from '../../emulator/isa/table';

/** xorshift32: small, fast, deterministic. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let s = this.state;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.state = s >>> 0;
    return this.state;
  }
  below(n: number): number {
    return this.next() % n;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
  chance(p: number): boolean {
    return this.next() / 2 ** 32 < p;
  }
}

export interface RandomProgram {
  /** load address of the first instruction */
  readonly base: number;
  readonly words: Uint32Array;
  /** initial register values x0..x31 */
  readonly registers: Int32Array;
}

const EDGE_VALUES = [0, 1, -1, 2, 31, 32, 33, 0x7fffffff, -0x80000000, 0x80000001 | 0, 0xffff, 0x8000, 0xff, 0x80, -2048, 2047];
const SPECS = INSTRUCTIONS as readonly InstructionSpec[];

/**
 * A program of `length` instructions at `base` inside a memory of `memorySize` bytes.
 * Registers start as edge values, small numbers, or pointers into memory (including the code).
 */
export function randomProgram(rng: Rng, length: number, base: number, memorySize: number): RandomProgram {
  const registers = new Int32Array(32);
  for (let r = 1; r < 32; r++) registers[r] = randomValue(rng, base, length, memorySize);
  // s0/s1 are data pointers and ra a code pointer that instructions rarely overwrite, so that
  // most memory accesses and indirect jumps land somewhere valid and runs last a while.
  registers[S0] = DATA_AREA + 4 * rng.below(256);
  registers[S1] = DATA_AREA + 4 * rng.below(256);
  registers[RA] = base + 4 * rng.below(length);
  const words = new Uint32Array(length);
  for (let k = 0; k < length; k++) {
    if (k + 1 < length && rng.chance(0.01)) {
      // an ecall with a known function: exit or write (a0..a2 are whatever the program left there)
      words[k++] = encode({ mnemonic: 'addi', rd: 17, rs1: 0, imm: rng.chance(0.5) ? 93 : 64 });
      words[k] = 0x00000073;
      continue;
    }
    words[k] = randomInstruction(rng, k, length);
  }
  return { base, words, registers };
}

function randomValue(rng: Rng, base: number, length: number, memorySize: number): number {
  switch (rng.below(5)) {
    case 0:
      return rng.pick(EDGE_VALUES);
    case 1:
      return rng.below(64) - 16;
    case 2: // a pointer into the code (stores there modify the program)
      return base + 4 * rng.below(length) + rng.below(4);
    case 3: // a pointer anywhere in memory, sometimes near the end
      return rng.chance(0.5) ? rng.below(memorySize) : memorySize - rng.below(64);
    default:
      return rng.next() | 0;
  }
}

const RA = 1;
const S0 = 8;
const S1 = 9;
/** where s0/s1 point initially: well inside a 64 KiB memory, after the code */
const DATA_AREA = 0x8000;

const reg = (rng: Rng) => (rng.chance(0.1) ? 0 : rng.below(32));
/** a destination that spares the pointer registers most of the time */
const dest = (rng: Rng) => {
  const r = reg(rng);
  return (r === S0 || r === S1 || r === RA) && rng.chance(0.9) ? 10 + rng.below(8) : r;
};
const accessBytes: Record<string, number> = { lb: 1, lbu: 1, sb: 1, lh: 2, lhu: 2, sh: 2, lw: 4, sw: 4 };
/** a memory-offset immediate: usually aligned for the access, sometimes anything */
const offset = (rng: Rng, mnemonic: string) =>
  rng.chance(0.9) ? accessBytes[mnemonic] * (rng.below(64) - 32) : rng.below(64) - 32;
const pointer = (rng: Rng) => (rng.chance(0.85) ? (rng.chance(0.5) ? S0 : S1) : reg(rng));

function randomInstruction(rng: Rng, index: number, length: number): number {
  if (rng.chance(0.01)) return rng.next(); // often illegal
  if (rng.chance(0.01)) return 0x00000073; // ecall (a7 decides what happens)
  const spec = rng.pick(SPECS);
  const rd = dest(rng);
  const rs1 = reg(rng);
  const rs2 = reg(rng);
  switch (spec.format) {
    case 'R':
      return encode({ mnemonic: spec.mnemonic as never, rd, rs1, rs2 });
    case 'I':
      return encode({ mnemonic: spec.mnemonic as never, rd, rs1, imm: rng.chance(0.5) ? rng.below(4096) - 2048 : rng.below(16) - 8 });
    case 'Load':
      return encode({ mnemonic: spec.mnemonic as never, rd, rs1: pointer(rng), imm: offset(rng, spec.mnemonic) });
    case 'S':
      return encode({ mnemonic: spec.mnemonic as never, rs1: pointer(rng), rs2, imm: offset(rng, spec.mnemonic) });
    case 'Jalr': // through ra (a code pointer) mostly; jalr's bit-0 clearing is hit by odd offsets
      return encode({ mnemonic: 'jalr', rd: rng.chance(0.5) ? RA : rd, rs1: rng.chance(0.7) ? RA : rs1, imm: rng.below(9) - 4 });
    case 'Ishift':
      return encode({ mnemonic: spec.mnemonic as never, rd, rs1, imm: rng.below(32) });
    case 'U':
      return encode({ mnemonic: spec.mnemonic as never, rd, imm: (rng.next() & ~0xfff) | 0 });
    case 'B':
      return encode({ mnemonic: spec.mnemonic as never, rs1, rs2, imm: jumpOffset(rng, index, length) });
    case 'J':
      return encode({ mnemonic: spec.mnemonic as never, rd, imm: jumpOffset(rng, index, length) });
    case 'Fence':
      return encode({ mnemonic: 'fence', imm: rng.below(4096) });
    case 'Sys':
      return spec.mnemonic === 'ebreak' && rng.chance(0.7) ? encode({ mnemonic: 'addi', rd, rs1, imm: 1 }) : (spec.word ?? 0) >>> 0;
  }
}

/** Mostly forward jumps inside the program (so runs end), sometimes backward or misaligned. */
function jumpOffset(rng: Rng, index: number, length: number): number {
  if (rng.chance(0.05)) return 2 * (rng.below(64) - 32) + 2; // misaligned by 2
  const target = rng.chance(0.8) ? index + 1 + rng.below(Math.max(1, Math.min(64, length - index))) : rng.below(length);
  return 4 * (target - index);
}
