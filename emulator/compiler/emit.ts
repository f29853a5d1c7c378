// JavaScript source for one instruction, one small emitter per instruction class (table-driven).
// Registers are locals r1..r31 (x0 is the literal 0); anything that would trap leaves the block.
import type { Decoded } from '../isa/decoded';
import type { Mnemonic } from '../isa/table';
import { GRANULE_SHIFT, type AccessCheck } from './checks';
import { recordedLoad, recordedStore } from './recording';

export { GRANULE_SHIFT } from './checks';

/** What an emitter knows about where its instruction sits. */
export interface Site {
  readonly pc: number;
  /** index in its block; the block charged `length` cycles on entry */
  readonly k: number;
  readonly length: number;
  /** memory size in bytes (a literal in the generated code) */
  readonly size: number;
  /** source that continues at a static target: inside the region or out to the dispatcher */
  readonly goto: (target: number) => string;
  /** like goto, for the fall-through of a branch: may place the next block's code right here */
  readonly fall: (target: number) => string;
  /** like goto, for a taken branch or a jump: may place a short target block's code right here */
  readonly near: (target: number) => string;
  /** source that continues at the dynamic target held in `t` (4-byte aligned): a block of the region or out */
  readonly indirect: () => string;
  /** a load's or store's check when it is shared with other accesses of the block (checks.ts) */
  readonly check?: AccessCheck;
  /** a jalr's target when its base register holds a known constant */
  readonly jalrTarget?: number;
  /** trace recording (recording.ts): a load or store first records its page when this chunk has not */
  readonly record?: boolean;
}

/** Exit codes the generated function leaves in st.ex (see run.ts). */
export const EXIT = { NEXT: 0, STEP: 1, FINISH: 2, CODE_WRITE: 3 } as const;

export const reg = (r: number): string => (r === 0 ? '0' : `r${r}`);
const set = (r: number, expr: string): string => (r === 0 ? '' : `r${r} = ${expr};`);
const lit = (n: number): string => `(${n | 0})`;

/** Leave the block before the instruction at pc, `left` instructions from its end (it does not retire): the interpreter steps it. */
export const leaveBefore = (pc: number, left: number): string => `{ pc = ${pc | 0}; bud += ${left}; ex = ${EXIT.STEP}; break L; }`;

/** Leave the block before instruction k (it does not retire): the interpreter steps it. */
export const deopt = (s: Site): string => leaveBefore(s.pc, s.length - s.k);

type Emitter = (d: Decoded, s: Site) => string;

const rr = (f: (a: string, b: string) => string): Emitter => (d) => set(d.rd, f(reg(d.rs1), reg(d.rs2)));
const ri = (f: (a: string, imm: number) => string): Emitter => (d) => set(d.rd, f(reg(d.rs1), d.imm));

/** Alignment (bytes > 1) then bounds, as the interpreter orders them; t holds the address. */
function address(d: Decoded, s: Site, bytes: number): string {
  const at = `t = (${reg(d.rs1)} + ${lit(d.imm)}) | 0;`;
  const misaligned = bytes === 1 ? '' : `(t & ${bytes - 1}) !== 0 || `;
  const check = s.check;
  if (check === undefined) {
    // a power-of-two memory size: bounds and alignment in one test of the address's bits
    if ((s.size & (s.size - 1)) === 0) return `${at} if ((t & ${(-s.size | (bytes - 1)) | 0}) !== 0) ${deopt(s)}`;
    return `${at} if (${misaligned}t >>> 0 >= ${s.size}) ${deopt(s)}`;
  }
  if (check.kind === 'covered') return at;
  // the group's lowest address, aligned, and its highest within memory (no wrap: span < 4096)
  return `t = (${reg(d.rs1)} + ${lit(check.lo)}) | 0; if (${misaligned}t >>> 0 >= ${s.size - check.span}) ${deopt(s)} ${at}`;
}

/** Recording (recording.ts): the page of the address in t joins the chunk's image first, unless it has. */
const load = (view: string, shift: number, bytes: number): Emitter => (d, s) => {
  const read = d.rd === 0 ? '' : ` r${d.rd} = ${view}[t${shift ? ` >> ${shift}` : ''}];`;
  return address(d, s, bytes) + (s.record ? recordedLoad(deopt(s)) : '') + read;
};

/** A store into a granule that holds compiled code ends the block so that the dispatcher invalidates. */
const store = (view: string, shift: number, bytes: number): Emitter => (d, s) => {
  const write = `${view}[t${shift ? ` >> ${shift}` : ''}] = ${reg(d.rs2)};`;
  const codeWrite = `{ ea = t; pc = ${(s.pc + 4) | 0}; bud += ${s.length - s.k - 1}; ex = ${EXIT.CODE_WRITE}; break L; }`;
  if (s.record) return address(d, s, bytes) + recordedStore(write, codeWrite, deopt(s));
  return `${address(d, s, bytes)} ${write} if (cm[t >>> ${GRANULE_SHIFT}] !== 0) ${codeWrite}`;
};

const branch = (cond: (a: string, b: string) => string): Emitter => (d, s) => {
  const target = (s.pc + d.imm) | 0;
  const taken = target & 3 ? deopt(s) : s.near(target);
  return `if (${cond(reg(d.rs1), reg(d.rs2))}) ${taken} ${s.fall((s.pc + 4) | 0)}`;
};

const u = (a: string) => `(${a} >>> 0)`;

export const EMITTERS: Readonly<Record<Mnemonic, Emitter>> = {
  lui: (d) => set(d.rd, lit(d.imm)),
  auipc: (d, s) => set(d.rd, lit(s.pc + d.imm)),
  jal: (d, s) => `${set(d.rd, lit(s.pc + 4))} ${s.goto((s.pc + d.imm) | 0)}`,
  // the target is computed before rd is written (rd may equal rs1), then looked up in the region's pc table
  jalr: (d, s) =>
    s.jalrTarget !== undefined
      ? `${set(d.rd, lit(s.pc + 4))} ${s.goto(s.jalrTarget)}`
      : `t = (${reg(d.rs1)} + ${lit(d.imm)}) & -2; if ((t & 2) !== 0) ${deopt(s)} ${set(d.rd, lit(s.pc + 4))} ${s.indirect()}`,
  beq: branch((a, b) => `${a} === ${b}`),
  bne: branch((a, b) => `${a} !== ${b}`),
  blt: branch((a, b) => `${a} < ${b}`),
  bge: branch((a, b) => `${a} >= ${b}`),
  bltu: branch((a, b) => `${u(a)} < ${u(b)}`),
  bgeu: branch((a, b) => `${u(a)} >= ${u(b)}`),
  lb: load('i8', 0, 1),
  lbu: load('u8', 0, 1),
  lh: load('i16', 1, 2),
  lhu: load('u16', 1, 2),
  lw: load('i32', 2, 4),
  sb: store('u8', 0, 1),
  sh: store('u16', 1, 2),
  sw: store('i32', 2, 4),
  addi: ri((a, i) => `(${a} + ${lit(i)}) | 0`),
  slti: ri((a, i) => `(${a} < ${lit(i)} ? 1 : 0)`),
  sltiu: ri((a, i) => `(${u(a)} < ${i >>> 0} ? 1 : 0)`),
  xori: ri((a, i) => `${a} ^ ${lit(i)}`),
  ori: ri((a, i) => `${a} | ${lit(i)}`),
  andi: ri((a, i) => `${a} & ${lit(i)}`),
  slli: ri((a, i) => `${a} << ${i}`),
  srli: ri((a, i) => `(${a} >>> ${i}) | 0`),
  srai: ri((a, i) => `${a} >> ${i}`),
  add: rr((a, b) => `(${a} + ${b}) | 0`),
  sub: rr((a, b) => `(${a} - ${b}) | 0`),
  sll: rr((a, b) => `${a} << ${b}`), // JS masks shift counts to 5 bits, as RISC-V does
  slt: rr((a, b) => `(${a} < ${b} ? 1 : 0)`),
  sltu: rr((a, b) => `(${u(a)} < ${u(b)} ? 1 : 0)`),
  xor: rr((a, b) => `${a} ^ ${b}`),
  srl: rr((a, b) => `(${a} >>> ${b}) | 0`),
  sra: rr((a, b) => `${a} >> ${b}`),
  or: rr((a, b) => `${a} | ${b}`),
  and: rr((a, b) => `${a} & ${b}`),
  mul: rr((a, b) => `Math.imul(${a}, ${b})`),
  // high words from the unsigned one with branchless sign corrections (a >> 31 & b: b when a < 0); the
  // interpreter's `a < 0 ? b : 0` mispredicts on random signs
  mulh: rr((a, b) => `(mulhu(${a}, ${b}) - ((${a} >> 31) & ${b}) - ((${b} >> 31) & ${a})) | 0`),
  mulhsu: rr((a, b) => `(mulhu(${a}, ${b}) - ((${a} >> 31) & ${b})) | 0`),
  mulhu: rr((a, b) => `mulhu(${a}, ${b})`),
  div: rr((a, b) => `(${b} === 0 ? -1 : (${a} / ${b}) | 0)`), // INT_MIN / -1 wraps to INT_MIN
  divu: rr((a, b) => `(${b} === 0 ? -1 : (${u(a)} / ${u(b)}) | 0)`),
  rem: rr((a, b) => `(${b} === 0 ? ${a} : (${a} % ${b}) | 0)`), // -0 | 0 is 0
  remu: rr((a, b) => `(${b} === 0 ? ${a} : (${u(a)} % ${u(b)}) | 0)`),
  fence: () => '',
  // never compiled: region.ts ends the block before them
  ecall: (_d, s) => deopt(s),
  ebreak: (_d, s) => deopt(s),
};

/** Registers an instruction reads and writes (x0 excluded). */
export function registersOf(d: Decoded): { reads: number[]; writes: number[] } {
  const layout = d.spec.format;
  const reads: number[] = [];
  if (layout !== 'U' && layout !== 'J' && layout !== 'Fence' && layout !== 'Sys' && d.rs1 !== 0) reads.push(d.rs1);
  if ((layout === 'R' || layout === 'S' || layout === 'B') && d.rs2 !== 0) reads.push(d.rs2);
  const writes = layout !== 'S' && layout !== 'B' && layout !== 'Fence' && layout !== 'Sys' && d.rd !== 0 ? [d.rd] : [];
  return { reads, writes };
}
