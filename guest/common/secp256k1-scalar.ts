// Scalars mod n (the secp256k1 group order) for ecrecover: Montgomery multiplication on the u256
// accelerator (one mont_mul call), the inverse by Fermat with 4-bit windows, the GLV split
// k = k1 + k2·λ (|k1|, |k2| ≈ 2^128) and width-w NAF digits. Numbers are 8 LE u32 limbs. Static
// scratch only. AssemblyScript.
import { u256Sub, u256MulHi, u256MontMul, u256AddMod, u256SubMod } from "../lib/accel";
import { cp32, isZero32, geq } from "./secp256k1-field";
import { LAMBDA_M, MINUS_B1_M, MINUS_B2_M, G1, G2, ONE_M } from "./secp256k1-consts";

/** n, 8 LE u32 limbs; 512-byte aligned, as u256MontMul's modulus */
export const N: usize = memory.data<u32>([0xd0364141, 0xbfd25e8c, 0xaf48a03b, 0xbaaedce6, 0xfffffffe, 0xffffffff, 0xffffffff, 0xffffffff], 512);
const N_MINUS_2: usize = memory.data<u32>([0xd036413f, 0xbfd25e8c, 0xaf48a03b, 0xbaaedce6, 0xfffffffe, 0xffffffff, 0xffffffff, 0xffffffff]);
const HALF_N: usize = memory.data<u32>([0x681b20a0, 0xdfe92f46, 0x57a4501d, 0x5d576e73, 0xffffffff, 0xffffffff, 0xffffffff, 0x7fffffff]);

/** out = a·b·2^-256 mod n (Montgomery product; a, b < n): one accelerator call (u256_op mont_mul); out may alias a or b. */
// @ts-ignore: decorator
@inline export function montMul(out: usize, a: usize, b: usize): void {
  u256MontMul(out, a, b, N);
}

/** out = a + b mod n (a, b < n): one accelerator call (u256_op add_mod) */
export function nadd(out: usize, a: usize, b: usize): void {
  u256AddMod(out, a, b, N);
}

/** out = a - b mod n (a, b < n): one accelerator call (u256_op sub_mod) */
export function nsub(out: usize, a: usize, b: usize): void {
  u256SubMod(out, a, b, N);
}

/** out = -a mod n */
export function nneg(out: usize, a: usize): void {
  if (isZero32(a)) cp32(out, a);
  else u256Sub(out, N, a);
}

const POW = memory.data(16 * 32, 16);
const ACC = memory.data(32, 16);

/** out = a^(n-2) in Montgomery form, for `aM` = a·2^256 mod n: (a⁻¹)·2^256 mod n. */
export function ninvMont(out: usize, aM: usize): void {
  cp32(POW, ONE_M);
  cp32(POW + 32, aM);
  for (let i: usize = 2; i < 16; i++) montMul(POW + (i << 5), POW + ((i - 1) << 5), aM);
  cp32(ACC, ONE_M);
  for (let i: i32 = 63; i >= 0; i--) {
    if (i != 63) {
      montMul(ACC, ACC, ACC);
      montMul(ACC, ACC, ACC);
      montMul(ACC, ACC, ACC);
      montMul(ACC, ACC, ACC);
    }
    const nib = (load<u32>(N_MINUS_2 + (<usize>(i >> 3) << 2)) >> ((<u32>i & 7) << 2)) & 15;
    if (nib != 0) montMul(ACC, ACC, POW + (<usize>nib << 5));
  }
  cp32(out, ACC);
}

const C1 = memory.data(32, 16);
const C2 = memory.data(32, 16);
const KT = memory.data(32, 16);

/** out = round(k·g / 2^384) for the 256-bit multiplier g (a value < 2^129). */
function roundedHigh(out: usize, k: usize, g: usize): void {
  u256MulHi(KT, k, g); // ⌊k·g / 2^256⌋
  const round = load<u32>(KT, 12) >> 31; // bit 127
  let acc: u64 = <u64>load<u32>(KT, 16) + round;
  store<u32>(out, <u32>acc);
  for (let i: usize = 1; i < 4; i++) {
    acc = <u64>load<u32>(KT + 16 + (i << 2)) + (acc >> 32);
    store<u32>(out + (i << 2), <u32>acc);
  }
  store<u32>(out, <u32>(acc >> 32), 16);
  store<u32>(out, 0, 20);
  store<u32>(out, 0, 24);
  store<u32>(out, 0, 28);
}

/**
 * The GLV split of k < n: k ≡ k1 + k2·λ (mod n) with k1, k2 ≈ 128 bits in absolute value; writes
 * |k1|, |k2| and returns bit 0 set when k1 is negative, bit 1 when k2 is.
 */
export function glvSplit(k1: usize, k2: usize, k: usize): u32 {
  roundedHigh(C1, k, G1);
  roundedHigh(C2, k, G2);
  montMul(C1, C1, MINUS_B1_M); // c1·(−b1)
  montMul(C2, C2, MINUS_B2_M); // c2·(−b2)
  nadd(k2, C1, C2);
  montMul(C1, k2, LAMBDA_M);
  nsub(k1, k, C1);
  let neg: u32 = 0;
  if (!geq(HALF_N, k1)) {
    u256Sub(k1, N, k1);
    neg |= 1;
  }
  if (!geq(HALF_N, k2)) {
    u256Sub(k2, N, k2);
    neg |= 2;
  }
  return neg;
}

/** k's limbs with zero words past the top, so digit extraction needs no bounds checks. */
const WK = memory.data(48, 16);

/** `count` (≤ 24) bits of WK from bit `pos` (< 320). */
// @ts-ignore: decorator
@inline function getBits(pos: u32, count: u32): u32 {
  const at = WK + (<usize>(pos >> 5) << 2);
  const off = pos & 31;
  const lo = load<u32>(at) >>> off;
  const v = off == 0 ? lo : lo | (load<u32>(at, 4) << (32 - off));
  return v & ((1 << count) - 1);
}

/** Size of a digit buffer for wnaf(): 256 bits plus a carry past the top. */
export const WNAF_LEN: usize = 264;

/**
 * Width-w NAF of k (w ≤ 8) into the i8 digits at out[0..WNAF_LEN): Σ d_i·2^i = k (negated when
 * `negate`), every nonzero digit odd with |d| < 2^(w-1), nonzero digits at least w apart. Returns
 * the number of digits used (1 + the position of the highest nonzero digit; 0 for k = 0).
 */
export function wnaf(out: usize, k: usize, w: u32, negate: bool): i32 {
  for (let i: usize = 0; i < WNAF_LEN; i += 4) store<u32>(out + i, 0);
  for (let i: usize = 0; i < 32; i += 4) store<u32>(WK + i, load<u32>(k + i));
  for (let i: usize = 32; i < 48; i += 4) store<u32>(WK + i, 0);
  let bits: u32 = 256;
  while (bits > 0 && load<u32>(WK + (<usize>((bits - 1) >> 5) << 2)) == 0) bits = (bits - 1) & ~31;
  let bit: u32 = 0;
  let carry: u32 = 0;
  let last: i32 = -1;
  while (bit < bits || carry != 0) {
    // skip the run of bits equal to the carry (zeros, or ones while a carry is pending)
    const word = load<u32>(WK + (<usize>(bit >> 5) << 2)) >>> (bit & 31);
    if ((word & 1) == carry) {
      const run = carry == 0 ? word : ~word; // nonzero above the run, or zero: skip to the next word
      bit += run != 0 ? ctz<u32>(run) : 32 - (bit & 31);
      continue;
    }
    let digit = <i32>(getBits(bit, w) + carry);
    carry = (<u32>digit >> (w - 1)) & 1;
    digit -= <i32>(carry << w);
    store<i8>(out + bit, <i8>(negate ? -digit : digit));
    last = <i32>bit;
    bit += w;
  }
  return last + 1;
}
