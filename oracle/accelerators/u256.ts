// 256-bit integer operations on 8-word little-endian operands (word 0 least significant): add and
// sub with carry/borrow in and out, the low and high halves of the 512-bit product, compare.
// The arithmetic is emulator/accel/u256.ts, shared with Airbender's bigint delegation; this module
// decodes the u256_op op word (toolchain/wasm/abi.ts U256_OP) and dispatches without allocating.
import { add256, cmp256, mulHalf256, sub256 } from '../../emulator/accel/u256';
import { U256_CARRY_IN, U256_OP } from '../../toolchain/wasm/abi';

export type U256OpName = Lowercase<keyof typeof U256_OP>;

/** What an operation gives: the 8 result words (none for compare) and the flag returned in a0. */
export interface U256Result {
  readonly out?: Uint32Array;
  readonly flag: number;
}

const NAMES: Readonly<Record<number, U256OpName>> = {
  [U256_OP.ADD]: 'add',
  [U256_OP.SUB]: 'sub',
  [U256_OP.MUL_LO]: 'mul_lo',
  [U256_OP.MUL_HI]: 'mul_hi',
  [U256_OP.CMP]: 'cmp',
};

const hex = (n: number) => '0x' + (n >>> 0).toString(16);

/** Why op word `op` is not a valid operation (low 8 bits: code, bit 8: carry/borrow in), or undefined when it is. */
export function u256OpError(op: number): string | undefined {
  const code = op & 0xff;
  const name = NAMES[code];
  if (name === undefined || (op & ~(0xff | U256_CARRY_IN)) !== 0) {
    const known = Object.entries(NAMES).map(([c, n]) => `${c} ${n}`).join(', ');
    return `unknown operation ${hex(op)} (codes: ${known}; bit 8 = carry in)`;
  }
  if (op & U256_CARRY_IN && code !== U256_OP.ADD && code !== U256_OP.SUB) return `operation ${name} takes no carry in (op ${hex(op)})`;
  return undefined;
}

/** True when op word `op` writes 8 result words (every operation but compare). */
export const u256OpWrites = (op: number): boolean => (op & 0xff) !== U256_OP.CMP;

/**
 * Runs a valid op word (u256OpError(op) undefined) on a = words[aAt..+8] and b = words[bAt..+8],
 * writing the result to words[outAt..+8] (not for compare); returns the flag (carry, borrow, high
 * half not zero, or -1/0/1). Operands are read in full first, so out may alias them. No allocation.
 */
export function u256OpAt(op: number, words: Uint32Array, aAt: number, bAt: number, outAt: number): number {
  const carryIn = op & U256_CARRY_IN ? 1 : 0;
  switch (op & 0xff) {
    case U256_OP.ADD:
      return add256(words, aAt, words, bAt, carryIn, words, outAt);
    case U256_OP.SUB:
      return sub256(words, aAt, words, bAt, carryIn, words, outAt);
    case U256_OP.MUL_LO:
      return mulHalf256(words, aAt, words, bAt, false, words, outAt);
    case U256_OP.MUL_HI:
      return mulHalf256(words, aAt, words, bAt, true, words, outAt);
    case U256_OP.CMP:
      return cmp256(words, aAt, words, bAt);
    default:
      throw new Error(`u256_op: ${u256OpError(op) ?? `operation ${hex(op)} has no implementation`}`);
  }
}

/** The operation an op word selects, or an error message. */
export function decodeU256Op(op: number): { name: U256OpName; carryIn: number } | string {
  const error = u256OpError(op);
  return error ?? { name: NAMES[op & 0xff], carryIn: op & U256_CARRY_IN ? 1 : 0 };
}

/** Runs op word `op` on a and b (8 words each, not modified); allocates its result (off the hot path). */
export function u256Op(op: number, a: ArrayLike<number>, b: ArrayLike<number>): U256Result {
  const error = u256OpError(op);
  if (error) throw new Error(`u256_op: ${error}`);
  const words = new Uint32Array(24);
  words.set(a, 0);
  words.set(b, 8);
  const flag = u256OpAt(op, words, 0, 8, 16);
  return u256OpWrites(op) ? { out: words.slice(16), flag } : { flag };
}
