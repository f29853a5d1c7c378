// 256-bit integer arithmetic on 8-word little-endian operands (word 0 least significant), shared by
// the oracle's u256_op accelerator (both host bindings) and Airbender's bigint delegation.
//
// The core (add256, sub256, mul256, cmp256, montMul256, addMod256, subMod256) is allocation-free: operands are read at a word index of
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

/** Why a·b·2^-256 mod m cannot be computed as montMul256 defines it (m even, a ≥ m, b ≥ m), or undefined. */
export function montOperandError(a: Uint32Array, aAt: number, b: Uint32Array, bAt: number, m: Uint32Array, mAt: number): string | undefined {
  if ((m[mAt] & 1) === 0) return 'the modulus m is even (Montgomery multiplication needs an odd m)';
  return modOperandError(a, aAt, b, bAt, m, mAt);
}

/** Why (a ± b) mod m cannot be computed as addMod256/subMod256 define it (a ≥ m or b ≥ m), or undefined. */
export function modOperandError(a: Uint32Array, aAt: number, b: Uint32Array, bAt: number, m: Uint32Array, mAt: number): string | undefined {
  if (cmp256(a, aAt, m, mAt) >= 0) return 'a is not below the modulus m';
  if (cmp256(b, bAt, m, mAt) >= 0) return 'b is not below the modulus m';
  return undefined;
}

/** out[outAt..+8] = (a + b) mod m for a, b < m (check with modOperandError first); returns 0. Operands are read in full first. */
export function addMod256(a: Uint32Array, aAt: number, b: Uint32Array, bAt: number, m: Uint32Array, mAt: number, out: Uint32Array, outAt: number): number {
  // a + b < 2m: one subtraction of m when the sum carried out of 256 bits or is at least m
  const carry = add256(a, aAt, b, bAt, 0, MOD_SUM, 0);
  if (carry !== 0 || cmp256(MOD_SUM, 0, m, mAt) >= 0) sub256(MOD_SUM, 0, m, mAt, 0, MOD_SUM, 0);
  for (let i = 0; i < 8; i++) out[outAt + i] = MOD_SUM[i];
  return 0;
}

/** out[outAt..+8] = (a - b) mod m for a, b < m (check with modOperandError first); returns 0. Operands are read in full first. */
export function subMod256(a: Uint32Array, aAt: number, b: Uint32Array, bAt: number, m: Uint32Array, mAt: number, out: Uint32Array, outAt: number): number {
  // a - b > -m: one addition of m when it borrowed
  if (sub256(a, aAt, b, bAt, 0, MOD_SUM, 0) !== 0) add256(MOD_SUM, 0, m, mAt, 0, MOD_SUM, 0);
  for (let i = 0; i < 8; i++) out[outAt + i] = MOD_SUM[i];
  return 0;
}

/** addMod256's and subMod256's result before it is stored */
const MOD_SUM = new Uint32Array(8);

/** the modulus whose -m^-1 mod 2^256 is in M_PRIME (the last one montMul256 saw) */
const M_CACHED = new Uint32Array(8);
/** -m^-1 mod 2^256 for M_CACHED (all zero: nothing cached yet; no odd m has it) */
const M_PRIME = new Uint32Array(8);
/** Newton step scratch: x, m·x, 2 - m·x */
const NEWTON = new Uint32Array(24);
const TWO = Uint32Array.of(2, 0, 0, 0, 0, 0, 0, 0);
/** T = a·b, U = q·m (16 words each) and q (8 words) */
const T_WIDE = new Uint32Array(16);
const U_WIDE = new Uint32Array(16);
const Q = new Uint32Array(8);
/** the Montgomery sum before it is stored */
const SUM_WIDE = new Uint32Array(8);

/** M_PRIME = -m^-1 mod 2^256 for odd m (cached: one modulus is used for long runs of calls). */
function montPrime(m: Uint32Array, mAt: number): void {
  let same = M_PRIME[0] !== 0;
  for (let i = 0; same && i < 8; i++) same = M_CACHED[i] === m[mAt + i];
  if (same) return;
  // Newton on x ≈ m^-1: x·m ≡ 1 mod 2^k gives x(2 - m·x) ≡ m^-1 mod 2^2k; x = m is right mod 2^3
  for (let i = 0; i < 8; i++) NEWTON[i] = m[mAt + i];
  for (let bits = 3; bits < 256; bits *= 2) {
    mulHalf256(m, mAt, NEWTON, 0, false, NEWTON, 8); // m·x
    sub256(TWO, 0, NEWTON, 8, 0, NEWTON, 16); // 2 - m·x
    mulHalf256(NEWTON, 0, NEWTON, 16, false, NEWTON, 0); // x·(2 - m·x)
  }
  M_PRIME.fill(0);
  sub256(M_PRIME, 0, NEWTON, 0, 0, M_PRIME, 0); // -m^-1
  for (let i = 0; i < 8; i++) M_CACHED[i] = m[mAt + i];
}

/**
 * out[outAt..+8] = a·b·2^-256 mod m (the Montgomery product) for odd m and a, b < m (check with
 * montOperandError first: other operands give an unspecified result); returns 0. REDC on the
 * 512-bit product: q = (a·b mod 2^256)·(-m^-1) mod 2^256 makes a·b + q·m divisible by 2^256, and
 * (a·b + q·m) / 2^256 < 2m needs at most one subtraction of m. Operands are read in full first.
 */
export function montMul256(a: Uint32Array, aAt: number, b: Uint32Array, bAt: number, m: Uint32Array, mAt: number, out: Uint32Array, outAt: number): number {
  montPrime(m, mAt);
  mul256(a, aAt, b, bAt, T_WIDE, 0);
  mulHalf256(T_WIDE, 0, M_PRIME, 0, false, Q, 0);
  mul256(Q, 0, m, mAt, U_WIDE, 0);
  // the low halves of a·b and q·m sum to 0 (both zero) or exactly 2^256 (a carry of 1)
  let lowCarry = 0;
  for (let i = 0; i < 8; i++) if (T_WIDE[i] !== 0) lowCarry = 1;
  const carry = add256(T_WIDE, 8, U_WIDE, 8, lowCarry, SUM_WIDE, 0);
  if (carry !== 0 || cmp256(SUM_WIDE, 0, m, mAt) >= 0) sub256(SUM_WIDE, 0, m, mAt, 0, SUM_WIDE, 0);
  for (let i = 0; i < 8; i++) out[outAt + i] = SUM_WIDE[i];
  return 0;
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

type ModularKernel = (a: Uint32Array, aAt: number, b: Uint32Array, bAt: number, m: Uint32Array, mAt: number, out: Uint32Array, outAt: number) => number;
type OperandCheck = (a: Uint32Array, aAt: number, b: Uint32Array, bAt: number, m: Uint32Array, mAt: number) => string | undefined;

/** A modular kernel on ArrayLike operands: checks them (throwing the check's message) and allocates its result. */
function modular(name: string, check: OperandCheck, kernel: ModularKernel) {
  return (a: ArrayLike<number>, b: ArrayLike<number>, m: ArrayLike<number>): Uint32Array => {
    const [x, y, n] = [words(a), words(b), words(m)];
    const error = check(x, 0, y, 0, n, 0);
    if (error) throw new Error(`${name}: ${error}`);
    const out = new Uint32Array(8);
    kernel(x, 0, y, 0, n, 0, out, 0);
    return out;
  };
}

/** a·b·2^-256 mod m (odd m, a, b < m; throws otherwise). */
export const montMul = modular('montMul', montOperandError, montMul256);
/** (a + b) mod m (a, b < m; throws otherwise). */
export const addMod = modular('addMod', modOperandError, addMod256);
/** (a - b) mod m (a, b < m; throws otherwise). */
export const subMod = modular('subMod', modOperandError, subMod256);

/** -1, 0 or 1 as a is below, equal to or above b (unsigned). */
export function compareU256(a: ArrayLike<number>, b: ArrayLike<number>): -1 | 0 | 1 {
  return cmp256(words(a), 0, words(b), 0);
}
