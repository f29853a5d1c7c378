// u256: 256-bit integers as 8 little-endian u32 limbs: full 256x256 -> 512-bit multiply and
// Montgomery modular multiply / exponentiation (any odd modulus). Prints results in hex.
// Bench units: u256Mul(n) (n 256-bit multiplies), u256MontMul(n) (n Montgomery multiplies mod p).
import { putHexU32, putString, putByte, flush } from "../../guest/lib/io";

const A: usize = memory.data<u32>([0xc3d2e1f0, 0x8796a5b4, 0x4b5a6978, 0x0f1e2d3c, 0x76543210, 0xfedcba98, 0x89abcdef, 0x01234567]);
const B: usize = memory.data<u32>([0x3c2d1e0f, 0x78695a4b, 0xb4a59687, 0xf0e1d2c3, 0x89abcdef, 0x01234567, 0xcafebabe, 0xdeadbeef]);
/** the secp256k1 field prime 2^256 - 2^32 - 977 */
const P: usize = memory.data<u32>([0xfffffc2f, 0xfffffffe, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]);
const P_MINUS_2: usize = memory.data<u32>([0xfffffc2d, 0xfffffffe, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]);
/** the BN254 scalar field prime (top bit clear) */
const N: usize = memory.data<u32>([0xf0000001, 0x43e1f593, 0x79b97091, 0x2833e848, 0x8181585d, 0xb85045b6, 0xe131a029, 0x30644e72]);
const THREE: usize = memory.data<u32>([0x00000003, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000]);
const ONE: usize = memory.data<u32>([0x00000001, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000]);
/** scratch numbers (8 limbs each; PRODUCT 16) */
const X: usize = memory.data(32, 16);
const Y: usize = memory.data(32, 16);
const Z: usize = memory.data(32, 16);
const PRODUCT: usize = memory.data(64, 16);

/** out[0..16) = a * b (out must not overlap a or b). Rows of 8 with b in locals. */
export function mul256(a: usize, b: usize, out: usize): void {
  const b0 = <u64>load<u32>(b, 0);
  const b1 = <u64>load<u32>(b, 4);
  const b2 = <u64>load<u32>(b, 8);
  const b3 = <u64>load<u32>(b, 12);
  const b4 = <u64>load<u32>(b, 16);
  const b5 = <u64>load<u32>(b, 20);
  const b6 = <u64>load<u32>(b, 24);
  const b7 = <u64>load<u32>(b, 28);
  let ai = <u64>load<u32>(a, 0);
  let t = ai * b0;
  store<u32>(out, <u32>t, 0);
  t = ai * b1 + (t >> 32);
  store<u32>(out, <u32>t, 4);
  t = ai * b2 + (t >> 32);
  store<u32>(out, <u32>t, 8);
  t = ai * b3 + (t >> 32);
  store<u32>(out, <u32>t, 12);
  t = ai * b4 + (t >> 32);
  store<u32>(out, <u32>t, 16);
  t = ai * b5 + (t >> 32);
  store<u32>(out, <u32>t, 20);
  t = ai * b6 + (t >> 32);
  store<u32>(out, <u32>t, 24);
  t = ai * b7 + (t >> 32);
  store<u32>(out, <u32>t, 28);
  store<u32>(out, <u32>(t >> 32), 32);
  for (let i: usize = 1; i < 8; i++) {
    const o = out + (i << 2);
    ai = <u64>load<u32>(a + (i << 2));
    t = ai * b0 + <u64>load<u32>(o, 0);
    store<u32>(o, <u32>t, 0);
    t = ai * b1 + <u64>load<u32>(o, 4) + (t >> 32);
    store<u32>(o, <u32>t, 4);
    t = ai * b2 + <u64>load<u32>(o, 8) + (t >> 32);
    store<u32>(o, <u32>t, 8);
    t = ai * b3 + <u64>load<u32>(o, 12) + (t >> 32);
    store<u32>(o, <u32>t, 12);
    t = ai * b4 + <u64>load<u32>(o, 16) + (t >> 32);
    store<u32>(o, <u32>t, 16);
    t = ai * b5 + <u64>load<u32>(o, 20) + (t >> 32);
    store<u32>(o, <u32>t, 20);
    t = ai * b6 + <u64>load<u32>(o, 24) + (t >> 32);
    store<u32>(o, <u32>t, 24);
    t = ai * b7 + <u64>load<u32>(o, 28) + (t >> 32);
    store<u32>(o, <u32>t, 28);
    store<u32>(o, <u32>(t >> 32), 32);
  }
}

// ---- Montgomery arithmetic modulo `modulus` (R = 2^256) ----

let modulus: usize = 0;
/** -modulus^-1 mod 2^32 */
let m0inv: u32 = 0;
/** R^2 mod modulus, to enter the Montgomery domain */
const R2: usize = memory.data(32, 16);

/** x >= m, as 256-bit numbers */
function geq(x: usize, m: usize): bool {
  for (let i = 7; i >= 0; i--) {
    const xi = load<u32>(x + (<usize>i << 2));
    const mi = load<u32>(m + (<usize>i << 2));
    if (xi != mi) return xi > mi;
  }
  return true;
}

/** x -= m (mod 2^256), in place */
function subInPlace(x: usize, m: usize): void {
  let borrow: u64 = 0;
  for (let i: usize = 0; i < 32; i += 4) {
    const d = <u64>load<u32>(x + i) - <u64>load<u32>(m + i) - borrow;
    store<u32>(x + i, <u32>d);
    borrow = d >> 63;
  }
}

/** x <<= 1 in place; returns the bit shifted out */
function shiftLeft1(x: usize): u32 {
  let carry: u32 = 0;
  for (let i: usize = 0; i < 32; i += 4) {
    const v = load<u32>(x + i);
    store<u32>(x + i, (v << 1) | carry);
    carry = v >> 31;
  }
  return carry;
}

/** Sets the modulus (odd, > 1) for montMul/modExp/mulMod: computes -m^-1 mod 2^32 and R^2 mod m. */
export function setModulus(m: usize): void {
  modulus = m;
  const m0 = load<u32>(m);
  let inverse: u32 = 1; // Newton: each step doubles the correct low bits (1 -> 32 in 5 steps)
  for (let i = 0; i < 5; i++) inverse *= 2 - m0 * inverse;
  m0inv = 0 - inverse;
  memory.copy(R2, ONE, 32); // 2^512 mod m by 512 modular doublings of 1
  for (let i = 0; i < 512; i++) {
    if (shiftLeft1(R2) != 0 || geq(R2, m)) subInPlace(R2, m);
  }
}

/**
 * out = a * b / R mod modulus (CIOS), for a * b < modulus * R; out may alias a or b. The 10-word
 * accumulator lives in locals (t0..t9), which rv32 keeps in registers: no memory traffic for it.
 */
export function montMul(a: usize, b: usize, out: usize): void {
  const m = modulus;
  let t0: u32 = 0, t1: u32 = 0, t2: u32 = 0, t3: u32 = 0, t4: u32 = 0, t5: u32 = 0, t6: u32 = 0, t7: u32 = 0, t8: u32 = 0, t9: u32 = 0;
  let c: u64, s: u64;
  for (let i: usize = 0; i < 32; i += 4) {
    const bi = <u64>load<u32>(b + i);
    c = <u64>load<u32>(a, 0) * bi + <u64>t0;
    t0 = <u32>c;
    c = <u64>load<u32>(a, 4) * bi + <u64>t1 + (c >> 32);
    t1 = <u32>c;
    c = <u64>load<u32>(a, 8) * bi + <u64>t2 + (c >> 32);
    t2 = <u32>c;
    c = <u64>load<u32>(a, 12) * bi + <u64>t3 + (c >> 32);
    t3 = <u32>c;
    c = <u64>load<u32>(a, 16) * bi + <u64>t4 + (c >> 32);
    t4 = <u32>c;
    c = <u64>load<u32>(a, 20) * bi + <u64>t5 + (c >> 32);
    t5 = <u32>c;
    c = <u64>load<u32>(a, 24) * bi + <u64>t6 + (c >> 32);
    t6 = <u32>c;
    c = <u64>load<u32>(a, 28) * bi + <u64>t7 + (c >> 32);
    t7 = <u32>c;
    s = <u64>t8 + (c >> 32);
    t8 = <u32>s;
    t9 = <u32>(s >> 32);
    // q makes the low word zero; the accumulator then shifts down one word
    const q = <u64>(t0 * m0inv);
    c = q * <u64>load<u32>(m, 0) + <u64>t0;
    c = q * <u64>load<u32>(m, 4) + <u64>t1 + (c >> 32);
    t0 = <u32>c;
    c = q * <u64>load<u32>(m, 8) + <u64>t2 + (c >> 32);
    t1 = <u32>c;
    c = q * <u64>load<u32>(m, 12) + <u64>t3 + (c >> 32);
    t2 = <u32>c;
    c = q * <u64>load<u32>(m, 16) + <u64>t4 + (c >> 32);
    t3 = <u32>c;
    c = q * <u64>load<u32>(m, 20) + <u64>t5 + (c >> 32);
    t4 = <u32>c;
    c = q * <u64>load<u32>(m, 24) + <u64>t6 + (c >> 32);
    t5 = <u32>c;
    c = q * <u64>load<u32>(m, 28) + <u64>t7 + (c >> 32);
    t6 = <u32>c;
    s = <u64>t8 + (c >> 32);
    t7 = <u32>s;
    t8 = t9 + <u32>(s >> 32);
  }
  store<u32>(out, t0, 0);
  store<u32>(out, t1, 4);
  store<u32>(out, t2, 8);
  store<u32>(out, t3, 12);
  store<u32>(out, t4, 16);
  store<u32>(out, t5, 20);
  store<u32>(out, t6, 24);
  store<u32>(out, t7, 28);
  if (t8 != 0 || geq(out, m)) subInPlace(out, m);
}

/** out = a * b mod modulus, for any a, b < 2^256. */
export function mulMod(a: usize, b: usize, out: usize): void {
  montMul(a, R2, X);
  montMul(b, R2, Y);
  montMul(X, Y, Z);
  montMul(Z, ONE, out);
}

/** out = base ^ exponent mod modulus (square and multiply, top bit first), for any base < 2^256. */
export function modExp(base: usize, exponent: usize, out: usize): void {
  montMul(base, R2, X); // base in Montgomery form
  montMul(ONE, R2, Y); // 1 in Montgomery form
  for (let bit = 255; bit >= 0; bit--) {
    montMul(Y, Y, Y);
    if ((load<u32>(exponent + (<usize>(bit >> 5) << 2)) >> (bit & 31)) & 1) montMul(Y, X, Y);
  }
  montMul(Y, ONE, out);
}

/** Bench unit: `count` 256x256-bit multiplies; returns the product's low word. */
export function u256Mul(count: i32): u32 {
  for (let i = 0; i < count; i++) mul256(A, B, PRODUCT);
  return load<u32>(PRODUCT);
}

/** Bench unit: `count` Montgomery multiplies mod p (after a fixed set-up: measure two counts). */
export function u256MontMul(count: i32): u32 {
  setModulus(P);
  memory.copy(Z, A, 32);
  for (let i = 0; i < count; i++) montMul(Z, B, Z);
  return load<u32>(Z);
}

function printNumber(label: string, x: usize, limbs: i32): void {
  putString(label);
  putString(" = 0x");
  for (let i = limbs - 1; i >= 0; i--) putHexU32(load<u32>(x + (<usize>i << 2)));
  putByte(10);
  flush();
}

export function main(): i32 {
  const out = memory.data(32, 16);
  printNumber("a", A, 8);
  printNumber("b", B, 8);
  mul256(A, B, PRODUCT);
  printNumber("a * b", PRODUCT, 16);

  printNumber("p", P, 8);
  setModulus(P);
  mulMod(A, B, out);
  printNumber("a * b mod p", out, 8);
  modExp(A, B, out);
  printNumber("a ^ b mod p", out, 8);
  modExp(THREE, P_MINUS_2, out);
  printNumber("3 ^ (p - 2) mod p", out, 8);
  mulMod(out, THREE, out);
  printNumber("3 * 3 ^ (p - 2) mod p", out, 8);

  printNumber("n", N, 8);
  setModulus(N);
  mulMod(A, B, out);
  printNumber("a * b mod n", out, 8);
  modExp(A, B, out);
  printNumber("a ^ b mod n", out, 8);
  return 0;
}
