// Seeded random rv32im programs that never trap, as static ELF files that run unchanged on our
// emulator and under qemu-riscv32: set all registers, run a random body, dump registers and data.
import { encode, type EncodeFields } from '../../emulator/isa/encode';
import type { Mnemonic } from '../../emulator/isa/table';
import { EHDR32_SIZE, PF_R, PF_W, PF_X, PHDR32_SIZE } from '../../emulator/loader/elf-constants';
import { buildElf } from './elf-builder';
import type { Rng } from './random-program';

/** The text segment maps the file from offset 0 (headers included), like a linker's output. */
export const TEXT_SEGMENT = 0x10000;
/** Code starts right after the ELF header and the two program headers. */
export const CODE_START = TEXT_SEGMENT + EHDR32_SIZE + 2 * PHDR32_SIZE;
export const DATA_START = 0x20000;
export const DATA_SIZE = 4096;
/** x0..x31 are stored here (offset into the data area) just before the program writes the area. */
export const DUMP_OFFSET = DATA_SIZE - 32 * 4;
/** Guest memory for our emulator: enough to hold both segments. */
export const MEMORY_SIZE = 0x40000;
const PAGE = 4096;

/** Base registers for loads and stores: set by the prologue, never written by the body. */
const BASE_A = 8; // s0 = DATA_START + 2048, so 12-bit offsets reach the whole area
const BASE_B = 9; // s1 = a seeded word-aligned address in the area
const T_A0 = 10;
const T_A1 = 11;
const T_A2 = 12;
const T_A7 = 17;
const SYS_WRITE = 64;
const SYS_EXIT = 93;
const INT_MIN = -0x80000000;
const INT_MAX = 0x7fffffff;

const EDGE_VALUES = [0, 1, -1, 2, -2, 31, 32, 33, 63, INT_MIN, INT_MAX, 0x80000001 | 0, 0xffff, 0x8000, 0xff, 0x80, -2048, 2047, 0x7ff, 0x800];
/** Operands that hit the corner cases of division, remainder and the high multiplies. */
const DIVISION_EDGES = [0, -1, 1, INT_MIN, INT_MAX, 0x80000001 | 0];

const REGISTER_OPS: readonly Mnemonic[] = ['add', 'sub', 'sll', 'slt', 'sltu', 'xor', 'srl', 'sra', 'or', 'and'];
const M_OPS: readonly Mnemonic[] = ['mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'];
const IMMEDIATE_OPS: readonly Mnemonic[] = ['addi', 'slti', 'sltiu', 'xori', 'ori', 'andi'];
const SHIFT_IMMEDIATE_OPS: readonly Mnemonic[] = ['slli', 'srli', 'srai'];
const BRANCHES: readonly Mnemonic[] = ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'];
const LOADS: ReadonlyArray<readonly [Mnemonic, number]> = [['lb', 1], ['lbu', 1], ['lh', 2], ['lhu', 2], ['lw', 4]];
const STORES: ReadonlyArray<readonly [Mnemonic, number]> = [['sb', 1], ['sh', 2], ['sw', 4]];

export interface TrapFreeProgram {
  readonly seed: number;
  /** the whole ELF file */
  readonly elf: Uint8Array;
  /** body instructions generated per mnemonic (to check the generator's coverage) */
  readonly mnemonics: ReadonlyMap<string, number>;
}

/**
 * A body "item" is one or more instructions that must run together (a jalr after the auipc that
 * sets its base, a division after the instructions that load its edge operands). Branches and
 * jumps only ever land on item boundaries, so such a sequence is never entered in the middle.
 */
interface Item {
  readonly size: number;
  /** index of the item a branch or jump goes to (items.length = the epilogue) */
  readonly target?: number;
  readonly build: (pc: number, targetPc: number) => number[];
}

/** Generates the program for `seed` with `length` body items. */
export function trapFreeProgram(rng: Rng, seed: number, length: number): TrapFreeProgram {
  const mnemonics = new Map<string, number>();
  const count = (m: Mnemonic) => mnemonics.set(m, (mnemonics.get(m) ?? 0) + 1);
  const baseB = DATA_START + 4 * rng.below(DATA_SIZE / 4);
  const bases = new Map([[BASE_A, DATA_START + 2048], [BASE_B, baseB]]);
  const gen = new BodyGenerator(rng, bases, count);

  const prologue: number[] = [];
  for (let r = 1; r < 32; r++) prologue.push(...loadConstant(r, bases.get(r) ?? seededValue(rng)));
  const items: Item[] = [];
  for (let k = 0; k < length; k++) items.push(gen.item(k, length));
  const code = [...prologue, ...layOut(items, CODE_START + 4 * prologue.length), ...epilogue()];
  return { seed, elf: elfFile(code, seededBytes(rng, DATA_SIZE)), mnemonics };
}

/** Encodes the items at consecutive addresses starting at `start`, resolving jump targets. */
function layOut(items: readonly Item[], start: number): number[] {
  const addresses: number[] = [];
  let pc = start;
  for (const item of items) {
    addresses.push(pc);
    pc += 4 * item.size;
  }
  addresses.push(pc); // the epilogue
  return items.flatMap((item, k) => {
    const words = item.build(addresses[k], addresses[item.target ?? k]);
    if (words.length !== item.size) throw new Error(`item ${k} built ${words.length} words, declared ${item.size}`);
    return words;
  });
}

/** Stores x0..x31 into the dump, writes the whole data area to stdout, exits with 0. */
function epilogue(): number[] {
  const dump = DATA_START + DUMP_OFFSET - (DATA_START + 2048); // offset from BASE_A
  const words: number[] = [];
  for (let r = 0; r < 32; r++) words.push(e({ mnemonic: 'sw', rs1: BASE_A, rs2: r, imm: dump + 4 * r }));
  words.push(...loadConstant(T_A0, 1), ...loadConstant(T_A1, DATA_START), ...loadConstant(T_A2, DATA_SIZE));
  words.push(...loadConstant(T_A7, SYS_WRITE), ECALL);
  words.push(...loadConstant(T_A0, 0), ...loadConstant(T_A7, SYS_EXIT), ECALL);
  return words;
}

const ECALL = 0x00000073;
const e = (fields: EncodeFields): number => encode(fields);

/** lui + addi that leave `value` in `rd` (always two words, so item sizes are fixed). */
export function loadConstant(rd: number, value: number): number[] {
  const upper = ((value + 0x800) & ~0xfff) | 0;
  const lower = (value - upper) | 0;
  return [e({ mnemonic: 'lui', rd, imm: upper }), e({ mnemonic: 'addi', rd, rs1: rd, imm: lower })];
}

function seededValue(rng: Rng): number {
  switch (rng.below(4)) {
    case 0:
    case 1:
      return rng.pick(EDGE_VALUES);
    case 2:
      return rng.below(64) - 16;
    default:
      return rng.next() | 0;
  }
}

function seededBytes(rng: Rng, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let k = 0; k < size; k += 4) new DataView(bytes.buffer).setUint32(k, rng.next(), true);
  return bytes;
}

/** Random body items; destinations never include the base registers. */
class BodyGenerator {
  constructor(
    private readonly rng: Rng,
    private readonly bases: ReadonlyMap<number, number>,
    private readonly count: (m: Mnemonic) => void,
  ) {}

  /** Any register as a source, including x0 and the bases. */
  private source(): number {
    return this.rng.chance(0.08) ? 0 : this.rng.below(32);
  }

  /** Any register but the bases as a destination, x0 now and then. */
  private dest(): number {
    if (this.rng.chance(0.04)) return 0;
    for (;;) {
      const r = 1 + this.rng.below(31);
      if (!this.bases.has(r)) return r;
    }
  }

  /** A destination other than x0 (a register whose value is used afterwards). */
  private scratch(): number {
    for (;;) {
      const r = this.dest();
      if (r !== 0) return r;
    }
  }

  private op(fields: EncodeFields): number {
    this.count(fields.mnemonic);
    return encode(fields);
  }

  private single(word: number): Item {
    return { size: 1, build: () => [word] };
  }

  item(index: number, length: number): Item {
    const rng = this.rng;
    const roll = rng.below(100);
    if (roll < 22) return this.single(this.op({ mnemonic: rng.pick(REGISTER_OPS), rd: this.dest(), rs1: this.source(), rs2: this.source() }));
    if (roll < 34) return this.mOp();
    if (roll < 44) return this.single(this.op({ mnemonic: rng.pick(IMMEDIATE_OPS), rd: this.dest(), rs1: this.source(), imm: this.imm12() }));
    if (roll < 50) return this.single(this.op({ mnemonic: rng.pick(SHIFT_IMMEDIATE_OPS), rd: this.dest(), rs1: this.source(), imm: this.shamt() }));
    if (roll < 54) return this.single(this.op({ mnemonic: rng.pick(['lui', 'auipc'] as const), rd: this.dest(), imm: (rng.next() & ~0xfff) | 0 }));
    if (roll < 63) return this.single(this.memory(LOADS, (m, base, imm) => ({ mnemonic: m, rd: this.dest(), rs1: base, imm })));
    if (roll < 71) return this.single(this.memory(STORES, (m, base, imm) => ({ mnemonic: m, rs1: base, rs2: this.source(), imm })));
    if (roll < 82) return this.branch(index, length);
    if (roll < 86) return this.jal(index, length);
    if (roll < 91) return this.jalr(index, length);
    if (roll < 93) return this.single(this.op({ mnemonic: 'fence', imm: rng.chance(0.9) ? rng.below(256) : 0x833 }));
    const rd = this.scratch(); // an edge value for later instructions to use
    return { size: 2, build: () => loadConstant(rd, rng.pick(EDGE_VALUES)) };
  }

  private imm12(): number {
    const rng = this.rng;
    return rng.chance(0.3) ? rng.pick([0, 1, -1, -2048, 2047, 0x7ff, -0x800 + 1]) : rng.below(4096) - 2048;
  }

  private shamt(): number {
    return this.rng.chance(0.4) ? this.rng.pick([0, 1, 31, 30, 16]) : this.rng.below(32);
  }

  /** An M-extension op, often after loading edge operands (x/0, INT_MIN/-1, ...) into its sources. */
  private mOp(): Item {
    const rng = this.rng;
    const mnemonic = rng.pick(M_OPS);
    const rd = this.dest();
    if (rng.chance(0.4)) return this.single(this.op({ mnemonic, rd, rs1: this.source(), rs2: this.source() }));
    const rs1 = this.scratch();
    const rs2 = rng.chance(0.15) ? rs1 : this.scratch();
    const overflow = rng.chance(0.25); // INT_MIN / -1, the one signed division that overflows
    const a = overflow ? INT_MIN : rng.chance(0.7) ? rng.pick(DIVISION_EDGES) : rng.next() | 0;
    const b = overflow ? -1 : rng.chance(0.8) ? rng.pick(DIVISION_EDGES) : rng.next() | 0;
    const word = this.op({ mnemonic, rd, rs1, rs2 });
    return { size: 5, build: () => [...loadConstant(rs1, a), ...loadConstant(rs2, b), word] };
  }

  /** A load or store through a base register at an aligned address inside the data area. */
  private memory(kinds: ReadonlyArray<readonly [Mnemonic, number]>, fields: (m: Mnemonic, base: number, imm: number) => EncodeFields): number {
    const rng = this.rng;
    const [mnemonic, width] = rng.pick(kinds);
    const base = rng.chance(0.5) ? BASE_A : BASE_B;
    const at = this.bases.get(base)!;
    const lowest = Math.ceil(Math.max(-2048, DATA_START - at) / width);
    const highest = Math.floor(Math.min(2047, DATA_START + DATA_SIZE - width - at) / width);
    return this.op(fields(mnemonic, base, width * (lowest + rng.below(highest - lowest + 1))));
  }

  /** The item a forward jump from `index` lands on: soon after, or the epilogue. */
  private forwardTarget(index: number, length: number): number {
    return Math.min(length, index + 1 + this.rng.below(8));
  }

  private branch(index: number, length: number): Item {
    const rng = this.rng;
    const mnemonic = rng.pick(BRANCHES);
    const rs1 = this.source();
    // equal operands (same register, or x0 against x0) make the outcome certain for half the kinds
    const rs2 = rng.chance(0.2) ? rs1 : this.source();
    this.count(mnemonic);
    const target = this.forwardTarget(index, length);
    return { size: 1, target, build: (pc, to) => [encode({ mnemonic, rs1, rs2, imm: to - pc })] };
  }

  private jal(index: number, length: number): Item {
    const rd = this.dest();
    this.count('jal');
    return { size: 1, target: this.forwardTarget(index, length), build: (pc, to) => [encode({ mnemonic: 'jal', rd, imm: to - pc })] };
  }

  /**
   * auipc t, 0 [; addi t, t, d]; jalr rd, imm(t) to a later item. imm is odd now and then:
   * jalr clears bit 0 of the sum. rd may be t itself (the link is written after t is read).
   */
  private jalr(index: number, length: number): Item {
    const rng = this.rng;
    const t = this.scratch();
    const rd = rng.chance(0.2) ? t : this.dest();
    const withAddi = rng.chance(0.5);
    const split = rng.below(1024) - 512;
    const bit0 = rng.chance(0.3) ? 1 : 0;
    this.count('auipc');
    this.count('jalr');
    if (withAddi) this.count('addi');
    return {
      size: withAddi ? 3 : 2,
      target: this.forwardTarget(index, length),
      build: (pc, to) => {
        const distance = to - pc + bit0;
        if (!withAddi) return [e({ mnemonic: 'auipc', rd: t, imm: 0 }), e({ mnemonic: 'jalr', rd, rs1: t, imm: distance })];
        return [
          e({ mnemonic: 'auipc', rd: t, imm: 0 }),
          e({ mnemonic: 'addi', rd: t, rs1: t, imm: split }),
          e({ mnemonic: 'jalr', rd, rs1: t, imm: distance - split }),
        ];
      },
    };
  }
}

/** Text (headers + code) at TEXT_SEGMENT and the data area at DATA_START, page-congruent offsets. */
function elfFile(code: readonly number[], data: Uint8Array): Uint8Array {
  const headers = CODE_START - TEXT_SEGMENT;
  // pad the code so the data lands on a page boundary in the file, as p_vaddr is page aligned
  const textBytes = Math.ceil((headers + 4 * code.length) / PAGE) * PAGE;
  if (TEXT_SEGMENT + textBytes > DATA_START) throw new Error(`code of ${code.length} words does not fit below the data`);
  const text = new Uint8Array(textBytes - headers);
  const view = new DataView(text.buffer);
  code.forEach((word, k) => view.setUint32(4 * k, word >>> 0, true));
  return buildElf({
    entry: CODE_START,
    segments: [
      { vaddr: TEXT_SEGMENT, data: text, offset: 0, filesz: textBytes, memsz: textBytes, flags: PF_R | PF_X },
      { vaddr: DATA_START, data, flags: PF_R | PF_W },
    ],
  });
}
