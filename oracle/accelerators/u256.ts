// 256-bit integer operations on 8-word little-endian operands (word 0 least significant): add and
// sub with carry/borrow in and out, the low and high halves of the 512-bit product, compare, and
// modular operations whose modulus m is at the address in the op word's high bits: the Montgomery
// product a·b·2^-256 mod m, (a + b) mod m and (a - b) mod m.
// The arithmetic is emulator/accel/u256.ts, shared with Airbender's bigint delegation; this module
// decodes the u256_op op word (toolchain/wasm/abi.ts U256_OP) and dispatches without allocating.
import { add256, addMod256, cmp256, modOperandError, montMul256, montOperandError, mulHalf256, sub256, subMod256 } from '../../emulator/accel/u256';
import { U256_CARRY_IN, U256_MODULUS_MASK, U256_OP } from '../../toolchain/wasm/abi';

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
  [U256_OP.MONT_MUL]: 'mont_mul',
  [U256_OP.ADD_MOD]: 'add_mod',
  [U256_OP.SUB_MOD]: 'sub_mod',
};

/** The operations that take a modulus m (at the op word's bits 9-31). */
const hasModulus = (code: number) => code === U256_OP.MONT_MUL || code === U256_OP.ADD_MOD || code === U256_OP.SUB_MOD;

const hex = (n: number) => '0x' + (n >>> 0).toString(16);

/**
 * Why op word `op` is not a valid operation (low 8 bits: code, bit 8: carry/borrow in; for mont_mul,
 * add_mod and sub_mod, bits 9-31: the address of m), or undefined when it is.
 */
export function u256OpError(op: number): string | undefined {
  const code = op & 0xff;
  const name = NAMES[code];
  const spare = hasModulus(code) ? U256_MODULUS_MASK : 0;
  if (name === undefined || (op & ~(0xff | U256_CARRY_IN | spare)) !== 0) {
    const known = Object.entries(NAMES).map(([c, n]) => `${c} ${n}`).join(', ');
    return `unknown operation ${hex(op)} (codes: ${known}; bit 8 = carry in; mont_mul, add_mod, sub_mod: bits 9-31 = the address of m)`;
  }
  if (op & U256_CARRY_IN && code !== U256_OP.ADD && code !== U256_OP.SUB) return `operation ${name} takes no carry in (op ${hex(op)})`;
  return undefined;
}

/** The name of a valid op word's operation (add, sub, mul_lo, mul_hi, cmp, mont_mul, add_mod, sub_mod). */
export const u256OpName = (op: number): U256OpName => NAMES[op & 0xff];

/** True when op word `op` writes 8 result words (every operation but compare). */
export const u256OpWrites = (op: number): boolean => (op & 0xff) !== U256_OP.CMP;

/** The byte address of the modulus m in op word `op` (512-byte aligned), or -1 for an operation without one. */
export const u256ModulusPtr = (op: number): number => (hasModulus(op & 0xff) ? (op & U256_MODULUS_MASK) >>> 0 : -1);

/**
 * Why the operands of a valid op word cannot be used (a ≥ m or b ≥ m; for mont_mul also m even), or
 * undefined. a, b and m (at mAt, by default the word index of u256ModulusPtr(op)) are words of `words`.
 */
export function u256OperandError(op: number, words: Uint32Array, aAt: number, bAt: number, mAt = u256ModulusPtr(op) >>> 2): string | undefined {
  const code = op & 0xff;
  if (code === U256_OP.MONT_MUL) return montOperandError(words, aAt, words, bAt, words, mAt);
  return hasModulus(code) ? modOperandError(words, aAt, words, bAt, words, mAt) : undefined;
}

/**
 * Runs a valid op word (u256OpError(op) undefined) on a = words[aAt..+8] and b = words[bAt..+8]
 * (and m = words[mAt..+8] for the modular operations, their operands checked by u256OperandError),
 * writing the result to words[outAt..+8] (not for compare); returns the flag (carry, borrow, high
 * half not zero, -1/0/1, 0 for the modular operations). Operands are read in full first, so out may
 * alias them. No allocation.
 */
export function u256OpAt(op: number, words: Uint32Array, aAt: number, bAt: number, outAt: number, mAt = u256ModulusPtr(op) >>> 2): number {
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
    case U256_OP.MONT_MUL:
      return montMul256(words, aAt, words, bAt, words, mAt, words, outAt);
    case U256_OP.ADD_MOD:
      return addMod256(words, aAt, words, bAt, words, mAt, words, outAt);
    case U256_OP.SUB_MOD:
      return subMod256(words, aAt, words, bAt, words, mAt, words, outAt);
    default:
      throw new Error(`u256_op: ${u256OpError(op) ?? `operation ${hex(op)} has no implementation`}`);
  }
}

/** The operation an op word selects, or an error message. */
export function decodeU256Op(op: number): { name: U256OpName; carryIn: number } | string {
  const error = u256OpError(op);
  return error ?? { name: NAMES[op & 0xff], carryIn: op & U256_CARRY_IN ? 1 : 0 };
}

/**
 * Runs op word `op` on a and b (and the modulus m for mont_mul, add_mod and sub_mod, whose address
 * bits in op are then ignored); 8 words each, not modified. Allocates its result (off the hot path).
 */
export function u256Op(op: number, a: ArrayLike<number>, b: ArrayLike<number>, m?: ArrayLike<number>): U256Result {
  const error = u256OpError(op);
  if (error) throw new Error(`u256_op: ${error}`);
  const words = new Uint32Array(32);
  words.set(a, 0);
  words.set(b, 8);
  if (hasModulus(op & 0xff)) {
    if (!m) throw new Error(`u256_op: ${NAMES[op & 0xff]} needs the modulus m`);
    words.set(m, 24);
  }
  const operandError = u256OperandError(op, words, 0, 8, 24);
  if (operandError) throw new Error(`u256_op: ${operandError}`);
  const flag = u256OpAt(op, words, 0, 8, 16, 24);
  return u256OpWrites(op) ? { out: words.slice(16, 24), flag } : { flag };
}
