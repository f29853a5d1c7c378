// The reference rv32im interpreter: decode through the ISA table, then one small semantic body
// per mnemonic. Written for obviousness, not speed; every fast path is tested against it.
import type { Decoded } from './isa/decoded';
import { decode } from './isa/decode';
import type { Mnemonic } from './isa/table';
import type { EcallResult, Host } from './host';
import { ecallTrap } from './interpreter';
import type { Machine } from './machine';
import { type RunResult, type Trap, type TrapKind, trapMessage } from './trap';

/** Thrown inside a semantic body to stop the instruction; never escapes this module. */
class TrapSignal {
  constructor(
    readonly kind: TrapKind,
    readonly address?: number,
    readonly message?: string,
  ) {}
}

class AbortSignal {
  constructor(readonly outcome: Exclude<EcallResult, { kind: 'continue' | 'exit' }>) {}
}

class ExitSignal {
  constructor(readonly code: number) {}
}

/** What a semantic body sees: the machine plus checked helpers. */
class Hart {
  constructor(
    readonly m: Machine,
    readonly host: Host,
  ) {}

  x(r: number): number {
    return r === 0 ? 0 : this.m.regs[r];
  }

  set(r: number, value: number): void {
    if (r !== 0) this.m.regs[r] = value;
  }

  u(r: number): number {
    return this.x(r) >>> 0;
  }

  load(address: number, bytes: 1 | 2 | 4, signed: boolean): number {
    const a = address >>> 0;
    if (a % bytes !== 0) throw new TrapSignal('load-misaligned', a);
    if (a + bytes > this.m.memory.size) throw new TrapSignal('load-fault', a);
    let value = 0;
    for (let k = bytes - 1; k >= 0; k--) value = value * 256 + this.m.memory.u8[a + k];
    const bits = bytes * 8;
    if (signed && value >= 2 ** (bits - 1)) value -= 2 ** bits;
    return value | 0;
  }

  store(address: number, bytes: 1 | 2 | 4, value: number): void {
    const a = address >>> 0;
    if (a % bytes !== 0) throw new TrapSignal('store-misaligned', a);
    if (a + bytes > this.m.memory.size) throw new TrapSignal('store-fault', a);
    for (let k = 0; k < bytes; k++) this.m.memory.u8[a + k] = (value >>> (8 * k)) & 0xff;
  }

  /** Sets the next pc to a jump target, checking its alignment. */
  jump(target: number): number {
    const t = target | 0;
    if (t & 3) throw new TrapSignal('instruction-misaligned', t >>> 0);
    return t;
  }
}

const big = (v: number, signed: boolean) => (signed ? BigInt(v | 0) : BigInt(v >>> 0));
const high = (p: bigint) => Number(BigInt.asIntN(32, p >> 32n));
const INT_MIN = -0x80000000;

/** One body per mnemonic: returns the next pc. `pc` is the instruction's own address. */
type Semantic = (h: Hart, d: Decoded, pc: number) => number;

const alu = (f: (a: number, b: number) => number): Semantic => (h, d, pc) => {
  h.set(d.rd, f(h.x(d.rs1), h.x(d.rs2)) | 0);
  return pc + 4;
};
const aluImm = (f: (a: number, imm: number) => number): Semantic => (h, d, pc) => {
  h.set(d.rd, f(h.x(d.rs1), d.imm) | 0);
  return pc + 4;
};
const branch = (cond: (a: number, b: number) => boolean): Semantic => (h, d, pc) =>
  cond(h.x(d.rs1), h.x(d.rs2)) ? h.jump(pc + d.imm) : pc + 4;
const load = (bytes: 1 | 2 | 4, signed: boolean): Semantic => (h, d, pc) => {
  h.set(d.rd, h.load(h.x(d.rs1) + d.imm, bytes, signed));
  return pc + 4;
};
const store = (bytes: 1 | 2 | 4): Semantic => (h, d, pc) => {
  h.store(h.x(d.rs1) + d.imm, bytes, h.x(d.rs2));
  return pc + 4;
};
const unsigned = (v: number) => v >>> 0;

export const SEMANTICS: Readonly<Record<Mnemonic, Semantic>> = {
  lui: (h, d, pc) => (h.set(d.rd, d.imm), pc + 4),
  auipc: (h, d, pc) => (h.set(d.rd, (pc + d.imm) | 0), pc + 4),
  jal: (h, d, pc) => {
    const target = h.jump(pc + d.imm);
    h.set(d.rd, pc + 4);
    return target;
  },
  jalr: (h, d, pc) => {
    const target = h.jump((h.x(d.rs1) + d.imm) & ~1);
    h.set(d.rd, pc + 4);
    return target;
  },
  beq: branch((a, b) => a === b),
  bne: branch((a, b) => a !== b),
  blt: branch((a, b) => a < b),
  bge: branch((a, b) => a >= b),
  bltu: branch((a, b) => unsigned(a) < unsigned(b)),
  bgeu: branch((a, b) => unsigned(a) >= unsigned(b)),
  lb: load(1, true),
  lh: load(2, true),
  lw: load(4, true),
  lbu: load(1, false),
  lhu: load(2, false),
  sb: store(1),
  sh: store(2),
  sw: store(4),
  addi: aluImm((a, i) => a + i),
  slti: aluImm((a, i) => (a < i ? 1 : 0)),
  sltiu: aluImm((a, i) => (unsigned(a) < unsigned(i) ? 1 : 0)),
  xori: aluImm((a, i) => a ^ i),
  ori: aluImm((a, i) => a | i),
  andi: aluImm((a, i) => a & i),
  slli: aluImm((a, s) => a << s),
  srli: aluImm((a, s) => a >>> s),
  srai: aluImm((a, s) => a >> s),
  add: alu((a, b) => a + b),
  sub: alu((a, b) => a - b),
  sll: alu((a, b) => a << (b & 31)),
  slt: alu((a, b) => (a < b ? 1 : 0)),
  sltu: alu((a, b) => (unsigned(a) < unsigned(b) ? 1 : 0)),
  xor: alu((a, b) => a ^ b),
  srl: alu((a, b) => a >>> (b & 31)),
  sra: alu((a, b) => a >> (b & 31)),
  or: alu((a, b) => a | b),
  and: alu((a, b) => a & b),
  fence: (_h, _d, pc) => pc + 4,
  ecall: (h, _d, pc) => {
    const outcome = h.host.ecall(h.m);
    if (outcome.kind === 'exit') throw new ExitSignal(outcome.code | 0);
    if (outcome.kind === 'trap' || outcome.kind === 'abort') throw new AbortSignal(outcome);
    return pc + 4;
  },
  ebreak: () => {
    throw new TrapSignal('ebreak');
  },
  mul: alu((a, b) => Number(BigInt.asIntN(32, big(a, true) * big(b, true)))),
  mulh: alu((a, b) => high(big(a, true) * big(b, true))),
  mulhsu: alu((a, b) => high(big(a, true) * big(b, false))),
  mulhu: alu((a, b) => high(big(a, false) * big(b, false))),
  div: alu((a, b) => (b === 0 ? -1 : a === INT_MIN && b === -1 ? INT_MIN : Math.trunc(a / b))),
  divu: alu((a, b) => (b === 0 ? -1 : Math.trunc(unsigned(a) / unsigned(b)))),
  rem: alu((a, b) => (b === 0 ? a : a === INT_MIN && b === -1 ? 0 : a % b)),
  remu: alu((a, b) => (b === 0 ? a : unsigned(a) % unsigned(b))),
};

export type StepResult = { readonly kind: 'retired' } | Exclude<RunResult, { kind: 'cycle-limit' }>;

const RETIRED: StepResult = Object.freeze({ kind: 'retired' });

/** Executes exactly one instruction (or traps on it). */
export function stepReference(machine: Machine, host: Host): StepResult {
  const pc = machine.pc | 0;
  const fetchAddress = pc >>> 0;
  const stop = (kind: TrapKind, instruction: number, address?: number, message?: string): StepResult => {
    const trap: Trap =
      address === undefined
        ? { kind, pc: fetchAddress, instruction, message: message ?? trapMessage(kind, fetchAddress) }
        : { kind, pc: fetchAddress, instruction, address, message: message ?? trapMessage(kind, fetchAddress, address) };
    return { kind: 'trap', trap, cycles: machine.cycles };
  };
  if (fetchAddress + 4 > machine.memory.size) return stop('instruction-fault', 0);
  const word = machine.memory.readWord(fetchAddress);
  const d = decode(word);
  if (d === null) return stop('illegal-instruction', word);
  const hart = new Hart(machine, host);
  try {
    const next = SEMANTICS[d.mnemonic](hart, d, pc);
    machine.pc = next | 0;
    machine.cycles++;
    return RETIRED;
  } catch (signal) {
    if (signal instanceof ExitSignal) {
      machine.cycles++;
      return { kind: 'exit', exitCode: signal.code, cycles: machine.cycles };
    }
    if (signal instanceof TrapSignal) return stop(signal.kind, word, signal.address, signal.message);
    if (signal instanceof AbortSignal) return { kind: 'trap', trap: ecallTrap(signal.outcome, fetchAddress, word), cycles: machine.cycles };
    throw signal;
  }
}

/** Same contract as `run` in interpreter.ts, one stepReference at a time. */
export function runReference(machine: Machine, host: Host, maxCycles: number): RunResult {
  while (machine.cycles < maxCycles) {
    const r = stepReference(machine, host);
    if (r.kind !== 'retired') return r;
  }
  return { kind: 'cycle-limit', cycles: machine.cycles };
}
