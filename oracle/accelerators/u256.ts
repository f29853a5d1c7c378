// 256-bit integer operations on 8-word little-endian operands (word 0 least significant): add and
// sub with carry/borrow in and out, the low and high halves of the 512-bit product, compare.
// The arithmetic is emulator/accel/u256.ts, shared with Airbender's bigint delegation.
import { addWithCarry, compareU256, mulHalf, subWithBorrow } from '../../emulator/accel/u256';
import { U256_CARRY_IN, U256_OP } from '../../toolchain/wasm/abi';

export type U256OpName = Lowercase<keyof typeof U256_OP>;

/** What an operation gives: the 8 result words (none for compare) and the flag returned in a0. */
export interface U256Result {
  readonly out?: Uint32Array;
  readonly flag: number;
}

const add = (a: Uint32Array, b: Uint32Array, carryIn: number): U256Result => addWithCarry(a, b, carryIn);
const sub = (a: Uint32Array, b: Uint32Array, borrowIn: number): U256Result => subWithBorrow(a, b, borrowIn);
const multiply = (a: Uint32Array, b: Uint32Array, half: 'lo' | 'hi'): U256Result => mulHalf(a, b, half);
const compare = (a: Uint32Array, b: Uint32Array): U256Result => ({ flag: compareU256(a, b) });

type Operation = (a: Uint32Array, b: Uint32Array, carryIn: number) => U256Result;

/** Operation code (U256_OP, abi.ts) → what it computes; carryIn only for add and sub. */
const OPERATIONS: Readonly<Record<number, { name: U256OpName; run: Operation; takesCarry: boolean }>> = {
  [U256_OP.ADD]: { name: 'add', run: add, takesCarry: true },
  [U256_OP.SUB]: { name: 'sub', run: sub, takesCarry: true },
  [U256_OP.MUL_LO]: { name: 'mul_lo', run: (a, b) => multiply(a, b, 'lo'), takesCarry: false },
  [U256_OP.MUL_HI]: { name: 'mul_hi', run: (a, b) => multiply(a, b, 'hi'), takesCarry: false },
  [U256_OP.CMP]: { name: 'cmp', run: compare, takesCarry: false },
};

/** The operation an op word selects (low 8 bits: code, bit 8: carry/borrow in), or an error message. */
export function decodeU256Op(op: number): { name: U256OpName; run: Operation; carryIn: number } | string {
  const code = op & 0xff;
  const carryIn = op & U256_CARRY_IN ? 1 : 0;
  const entry = OPERATIONS[code];
  const known = Object.entries(OPERATIONS).map(([c, e]) => `${c} ${e.name}`).join(', ');
  if (!entry || (op & ~(0xff | U256_CARRY_IN)) !== 0) return `unknown operation 0x${(op >>> 0).toString(16)} (codes: ${known}; bit 8 = carry in)`;
  if (carryIn && !entry.takesCarry) return `operation ${entry.name} takes no carry in (op 0x${(op >>> 0).toString(16)})`;
  return { name: entry.name, run: entry.run, carryIn };
}

/** Runs op word `op` on a and b (8 words each, not modified). */
export function u256Op(op: number, a: Uint32Array, b: Uint32Array): U256Result {
  const decoded = decodeU256Op(op);
  if (typeof decoded === 'string') throw new Error(`u256_op: ${decoded}`);
  return decoded.run(a, b, decoded.carryIn);
}
