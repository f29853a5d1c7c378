// WebAssembly (flat text, see encode.ts) for one instruction, one small emitter per instruction
// class, with the same exits as the JavaScript emitters (../emit.ts): anything that would trap
// leaves the block before the instruction, a store into compiled code leaves after it. Registers
// are locals $r1..$r31 (x0 is the constant 0); guest address a is at byte `base + a` of the
// WebAssembly memory, the code map's granule g at `codeMap + g`.
import type { Decoded } from '../../isa/decoded';
import type { Mnemonic } from '../../isa/table';
import { GRANULE_SHIFT } from '../checks';
import { EXIT, type Site } from '../emit';
import { recordedLoad, recordedStore, type RecordingLayout } from './recording';

/** Where things are in the WebAssembly memory (Memory's WasmBacking). */
export interface Layout {
  readonly base: number;
  readonly codeMap: number;
}

/** What a wasm emitter knows besides the JavaScript one's Site. */
export interface WasmSite extends Site {
  readonly layout: Layout;
  /** trace recording: the recorder's tables (recording.ts) */
  readonly recording?: RecordingLayout;
}

type Emitter = (d: Decoded, s: WasmSite) => string;

/** Non-empty parts, one a line (concatenated: V8 keeps nested `+` as ropes, flattened once when assembled). */
export const lines = (...parts: string[]): string => {
  let out = '';
  for (const part of parts) if (part !== '') out = out === '' ? part : out + '\n' + part;
  return out;
};
export const get = (r: number): string => (r === 0 ? 'i32.const 0' : `local.get $r${r}`);
const put = (r: number, ...value: string[]): string => (r === 0 ? '' : lines(...value, `local.set $r${r}`));
export const konst = (n: number): string => `i32.const ${n | 0}`;

/** Leave before the instruction at pc with `left` instructions of its block not run (exit `ex`). */
export const leave = (pc: number, left: number, ex: number = EXIT.STEP): string =>
  lines(konst(pc), 'local.set $pc', left === 0 ? '' : lines('local.get $bud', konst(left), 'i32.add', 'local.set $bud'), konst(ex), 'local.set $ex', 'br $L');

const deopt = (s: Site): string => leave(s.pc, s.length - s.k);
/** `body` when `cond` leaves a nonzero value. */
const when = (cond: string, body: string): string => lines(cond, 'if', body, 'end');

const rr = (op: string): Emitter => (d) => put(d.rd, get(d.rs1), get(d.rs2), op);
const ri = (op: string): Emitter => (d) => put(d.rd, get(d.rs1), konst(d.imm), op);

/** t = rs1 + offset, then alignment and bounds (as the interpreter orders them) of an access of `bytes`. */
function address(d: Decoded, s: WasmSite, bytes: number): string {
  const at = (offset: number) => lines(get(d.rs1), konst(offset), 'i32.add', 'local.set $t');
  const check = s.check;
  if (check?.kind === 'covered') return at(d.imm);
  const lo = check?.kind === 'first' ? check.lo : d.imm;
  const span = check?.kind === 'first' ? check.span : 0;
  // a power-of-two memory size and no span: bounds and alignment in one test of the address's bits
  const test =
    span === 0 && (s.size & (s.size - 1)) === 0
      ? lines('local.get $t', konst(-s.size | (bytes - 1)), 'i32.and')
      : bytes === 1
        ? lines('local.get $t', konst(s.size - span), 'i32.ge_u')
        : lines('local.get $t', konst(bytes - 1), 'i32.and', 'local.get $t', konst(s.size - span), 'i32.ge_u', 'i32.or');
  return lines(at(lo), when(test, deopt(s)), lo === d.imm ? '' : at(d.imm));
}

/** Recording: the page of the address in $t joins the chunk's image first, unless it has. */
const load = (op: string, bytes: number): Emitter => (d, s) =>
  lines(
    address(d, s, bytes),
    s.recording === undefined ? '' : recordedLoad(s.recording, deopt(s)),
    d.rd === 0 ? '' : lines('local.get $t', `${op} offset=${s.layout.base}`, `local.set $r${d.rd}`),
  );

/**
 * A store into a granule that holds compiled code ends the block so that the dispatcher invalidates.
 * A store of its own (not in a group of checked accesses) first tests one range, the code-free range
 * in locals $fl (start) and $fs (length): an aligned address in it is in bounds and holds no code, so
 * the store is all there is to do; any other address takes the checks in full (bounds, alignment,
 * code map). Most stores land there: the range is the larger stretch of memory above or below code.
 */
const store = (op: string, bytes: number): Emitter => (d, s) => {
  const codeWrite = lines('local.get $t', 'local.set $ea', leave((s.pc + 4) | 0, s.length - s.k - 1, EXIT.CODE_WRITE));
  const write = lines('local.get $t', get(d.rs2), `${op} offset=${s.layout.base}`);
  if (s.recording !== undefined) return lines(address(d, s, bytes), recordedStore(s.recording, write, codeWrite, deopt(s)));
  const inCode = lines('local.get $t', konst(GRANULE_SHIFT), 'i32.shr_u', `i32.load8_u offset=${s.layout.codeMap}`);
  const checked = lines(address(d, s, bytes), write, when(inCode, codeWrite));
  if (s.check !== undefined) return checked;
  const aligned = bytes === 1 ? '' : lines('local.get $t', konst(bytes - 1), 'i32.and', 'i32.eqz', 'i32.and');
  const free = lines('local.get $t', 'local.get $fl', 'i32.sub', 'local.get $fs', 'i32.lt_u', aligned);
  return lines(get(d.rs1), konst(d.imm), 'i32.add', 'local.set $t', free, 'if', write, 'else', checked, 'end');
};

const branch = (op: string): Emitter => (d, s) => {
  const target = (s.pc + d.imm) | 0;
  const taken = target & 3 ? deopt(s) : s.near(target);
  return lines(get(d.rs1), get(d.rs2), op, 'if', taken, 'end', s.fall((s.pc + 4) | 0));
};

/** The high word of the 64-bit product, the operands extended as `ext1`, `ext2`. */
const high = (ext1: string, ext2: string, shift: string): Emitter => (d) =>
  put(d.rd, get(d.rs1), `i64.extend_i32_${ext1}`, get(d.rs2), `i64.extend_i32_${ext2}`, 'i64.mul', 'i64.const 32', `i64.shr_${shift}`, 'i32.wrap_i64');

/** `b === 0 ? zero : op` (and for div `b === -1 ? -a`, which wasm's div_s would trap on for INT_MIN). */
const divide = (op: string, zero: (d: Decoded) => string, minusOne?: (d: Decoded) => string): Emitter => (d) => {
  const divided = lines(get(d.rs1), get(d.rs2), op);
  const other = minusOne === undefined ? divided : lines(get(d.rs2), konst(-1), 'i32.eq', 'if i32', minusOne(d), 'else', divided, 'end');
  return put(d.rd, get(d.rs2), 'i32.eqz', 'if i32', zero(d), 'else', other, 'end');
};

export const WASM_EMITTERS: Readonly<Record<Mnemonic, Emitter>> = {
  lui: (d) => put(d.rd, konst(d.imm)),
  auipc: (d, s) => put(d.rd, konst(s.pc + d.imm)),
  jal: (d, s) => lines(put(d.rd, konst(s.pc + 4)), s.goto((s.pc + d.imm) | 0)),
  // the target is computed before rd is written (rd may equal rs1)
  jalr: (d, s) =>
    s.jalrTarget !== undefined
      ? lines(put(d.rd, konst(s.pc + 4)), s.goto(s.jalrTarget))
      : lines(get(d.rs1), konst(d.imm), 'i32.add', konst(-2), 'i32.and', 'local.set $t', when(lines('local.get $t', konst(2), 'i32.and'), deopt(s)), put(d.rd, konst(s.pc + 4)), s.indirect()),
  beq: branch('i32.eq'),
  bne: branch('i32.ne'),
  blt: branch('i32.lt_s'),
  bge: branch('i32.ge_s'),
  bltu: branch('i32.lt_u'),
  bgeu: branch('i32.ge_u'),
  lb: load('i32.load8_s', 1),
  lbu: load('i32.load8_u', 1),
  lh: load('i32.load16_s', 2),
  lhu: load('i32.load16_u', 2),
  lw: load('i32.load', 4),
  sb: store('i32.store8', 1),
  sh: store('i32.store16', 2),
  sw: store('i32.store', 4),
  addi: ri('i32.add'),
  slti: ri('i32.lt_s'),
  sltiu: ri('i32.lt_u'), // the sign-extended immediate compared as unsigned, as RISC-V does
  xori: ri('i32.xor'),
  ori: ri('i32.or'),
  andi: ri('i32.and'),
  slli: ri('i32.shl'),
  srli: ri('i32.shr_u'),
  srai: ri('i32.shr_s'),
  add: rr('i32.add'),
  sub: rr('i32.sub'),
  sll: rr('i32.shl'), // wasm masks shift counts to 5 bits, as RISC-V does
  slt: rr('i32.lt_s'),
  sltu: rr('i32.lt_u'),
  xor: rr('i32.xor'),
  srl: rr('i32.shr_u'),
  sra: rr('i32.shr_s'),
  or: rr('i32.or'),
  and: rr('i32.and'),
  mul: rr('i32.mul'),
  mulh: high('s', 's', 's'),
  mulhsu: high('s', 'u', 's'),
  mulhu: high('u', 'u', 'u'),
  div: divide('i32.div_s', () => konst(-1), (d) => lines(konst(0), get(d.rs1), 'i32.sub')), // INT_MIN / -1 wraps to INT_MIN
  divu: divide('i32.div_u', () => konst(-1)),
  rem: divide('i32.rem_s', (d) => get(d.rs1)), // wasm's rem_s gives 0 for INT_MIN % -1, as RISC-V does
  remu: divide('i32.rem_u', (d) => get(d.rs1)),
  fence: () => '',
  // never compiled: region.ts ends the block before them
  ecall: (_d, s) => deopt(s),
  ebreak: (_d, s) => deopt(s),
};
