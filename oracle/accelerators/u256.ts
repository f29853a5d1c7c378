// 256-bit integer operations on 8-word little-endian operands (word 0 least significant): add and
// sub with carry/borrow in and out, the low and high halves of the 512-bit product, compare.
import { U256_CARRY_IN, U256_OP } from '../../toolchain/wasm/abi';

export type U256OpName = Lowercase<keyof typeof U256_OP>;

/** What an operation gives: the 8 result words (none for compare) and the flag returned in a0. */
export interface U256Result {
  readonly out?: Uint32Array;
  readonly flag: number;
}

const MASK16 = 0xffff;

function add(a: Uint32Array, b: Uint32Array, carryIn: number, sign: 1 | -1): U256Result {
  const out = new Uint32Array(8);
  let carry = sign * carryIn;
  for (let i = 0; i < 8; i++) {
    const sum = a[i] + sign * b[i] + carry;
    out[i] = sum >>> 0;
    carry = Math.floor(sum / 2 ** 32);
  }
  return { out, flag: carry === 0 ? 0 : 1 };
}

/** The 512-bit product as 32 16-bit limbs (column sums stay below 2^53). */
function product(a: Uint32Array, b: Uint32Array): Uint32Array {
  const limbs = (x: Uint32Array) => Array.from({ length: 16 }, (_, i) => (x[i >> 1] >>> ((i & 1) * 16)) & MASK16);
  const [x, y] = [limbs(a), limbs(b)];
  const columns = new Array<number>(32).fill(0);
  for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) columns[i + j] += x[i] * y[j];
  const words = new Uint32Array(16);
  let carry = 0;
  for (let k = 0; k < 32; k++) {
    const column = columns[k] + carry;
    const limb = column % 65536;
    carry = (column - limb) / 65536;
    words[k >> 1] |= limb << ((k & 1) * 16);
  }
  return words;
}

function multiply(a: Uint32Array, b: Uint32Array, half: 'lo' | 'hi'): U256Result {
  const p = product(a, b);
  const high = p.subarray(8, 16);
  return { out: half === 'lo' ? p.slice(0, 8) : high.slice(), flag: high.some((w) => w !== 0) ? 1 : 0 };
}

function compare(a: Uint32Array, b: Uint32Array): U256Result {
  for (let i = 7; i >= 0; i--) if (a[i] !== b[i]) return { flag: a[i] < b[i] ? -1 : 1 };
  return { flag: 0 };
}

type Operation = (a: Uint32Array, b: Uint32Array, carryIn: number) => U256Result;

/** Operation code (U256_OP, abi.ts) → what it computes; carryIn only for add and sub. */
const OPERATIONS: Readonly<Record<number, { name: U256OpName; run: Operation; takesCarry: boolean }>> = {
  [U256_OP.ADD]: { name: 'add', run: (a, b, c) => add(a, b, c, 1), takesCarry: true },
  [U256_OP.SUB]: { name: 'sub', run: (a, b, c) => add(a, b, c, -1), takesCarry: true },
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
