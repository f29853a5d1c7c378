// 256-bit integer arithmetic on 8-word little-endian operands (word 0 least significant), shared by
// the oracle's u256_op accelerator (both host bindings) and Airbender's bigint delegation.
//
// The core (add256, sub256, mul256, cmp256) is allocation-free: operands are read at a word index of
// any Uint32Array (a guest memory view, so nothing is copied out first), results go through
// preallocated scratch, and the product is computed on 24-bit limbs (u256-mul.ts, generated) whose
// column sums stay below 2^53. Results are written only after both operands are read, so out may
// alias a or b, fully or in part. The {out, flag} functions at the end are convenience wrappers
// that allocate their result.
import { mulWideAt } from './u256-mul';

/** the result of add/sub before it is stored (so out may overlap a or b) */
const SUM = new Uint32Array(8);
/** the 512-bit product, 16 words */
const PRODUCT = new Uint32Array(16);

/** out[outAt..+8] = (a + b + carryIn) mod 2^256; returns the carry out (0 or 1). */
export function add256(a: Uint32Array, aAt: number, b: Uint32Array, bAt: number, carryIn: number, out: Uint32Array, outAt: number): number {
  let carry = carryIn ? 1 : 0;
  for (let i = 0; i < 8; i++) {
    const sum = a[aAt + i] + b[bAt + i] + carry; // < 2^33: exact
    SUM[i] = sum; // the store keeps the low 32 bits
    carry = sum > 0xffffffff ? 1 : 0;
  }
  for (let i = 0; i < 8; i++) out[outAt + i] = SUM[i];
  return carry;
}

/** out[outAt..+8] = (a - b - borrowIn) mod 2^256; returns the borrow out (0 or 1). */
export function sub256(a: Uint32Array, aAt: number, b: Uint32Array, bAt: number, borrowIn: number, out: Uint32Array, outAt: number): number {
  let borrow = borrowIn ? 1 : 0;
  for (let i = 0; i < 8; i++) {
    const difference = a[aAt + i] - b[bAt + i] - borrow; // in (-2^32, 2^32)
    SUM[i] = difference; // the store takes it mod 2^32
    borrow = difference < 0 ? 1 : 0;
  }
  for (let i = 0; i < 8; i++) out[outAt + i] = SUM[i];
  return borrow;
}

/**
 * The 512-bit product a·b as 16 words into wide[wideAt..+16]; returns 1 when its high half is not
 * zero. Product scanning on 24-bit limbs in local variables (u256-mul.ts, generated).
 */
export const mul256: (a: Uint32Array, aAt: number, b: Uint32Array, bAt: number, wide: Uint32Array, wideAt: number) => number = mulWideAt;

/** out[outAt..+8] = the low (hi false) or high (hi true) 256 bits of a·b; returns 1 when the high half is not zero. */
export function mulHalf256(a: Uint32Array, aAt: number, b: Uint32Array, bAt: number, hi: boolean, out: Uint32Array, outAt: number): number {
  const flag = mul256(a, aAt, b, bAt, PRODUCT, 0);
  const from = hi ? 8 : 0;
  for (let i = 0; i < 8; i++) out[outAt + i] = PRODUCT[from + i];
  return flag;
}

/** -1, 0 or 1 as a is below, equal to or above b (unsigned). */
export function cmp256(a: Uint32Array, aAt: number, b: Uint32Array, bAt: number): -1 | 0 | 1 {
  for (let i = 7; i >= 0; i--) {
    const x = a[aAt + i];
    const y = b[bAt + i];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** 1 when the 8 words of a and b are equal. */
export function eq256(a: Uint32Array, aAt: number, b: Uint32Array, bAt: number): number {
  for (let i = 0; i < 8; i++) if (a[aAt + i] !== b[bAt + i]) return 0;
  return 1;
}

// ---- convenience wrappers (allocate their result; for callers off the hot path) ----

/** A 256-bit result and the bit that fell out of it (carry, borrow, or "high half not zero"). */
export interface U256WithFlag {
  readonly out: Uint32Array;
  readonly flag: 0 | 1;
}

const words = (x: ArrayLike<number>): Uint32Array => (x instanceof Uint32Array ? x : Uint32Array.from(x));

/** (a + b + carryIn) mod 2^256 and the carry out. */
export function addWithCarry(a: ArrayLike<number>, b: ArrayLike<number>, carryIn: number): U256WithFlag {
  const out = new Uint32Array(8);
  return { out, flag: add256(words(a), 0, words(b), 0, carryIn, out, 0) as 0 | 1 };
}

/** (a - b - borrowIn) mod 2^256 and the borrow out. */
export function subWithBorrow(a: ArrayLike<number>, b: ArrayLike<number>, borrowIn: number): U256WithFlag {
  const out = new Uint32Array(8);
  return { out, flag: sub256(words(a), 0, words(b), 0, borrowIn, out, 0) as 0 | 1 };
}

/** The 512-bit product as 16 words. */
export function mulWide(a: ArrayLike<number>, b: ArrayLike<number>): Uint32Array {
  const wide = new Uint32Array(16);
  mul256(words(a), 0, words(b), 0, wide, 0);
  return wide;
}

/** The low or high 256 bits of a·b; flag = 1 when the high half is not zero. */
export function mulHalf(a: ArrayLike<number>, b: ArrayLike<number>, half: 'lo' | 'hi'): U256WithFlag {
  const out = new Uint32Array(8);
  return { out, flag: mulHalf256(words(a), 0, words(b), 0, half === 'hi', out, 0) as 0 | 1 };
}

/** -1, 0 or 1 as a is below, equal to or above b (unsigned). */
export function compareU256(a: ArrayLike<number>, b: ArrayLike<number>): -1 | 0 | 1 {
  return cmp256(words(a), 0, words(b), 0);
}
