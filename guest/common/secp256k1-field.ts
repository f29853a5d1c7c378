// The secp256k1 base field mod p = 2^256 - 2^32 - 977 for ecrecover: elements are 8 little-endian
// u32 limbs (< p) in Montgomery form (x·2^256 mod p). Products, sums and differences are one u256
// accelerator call each (mont_mul, add_mod, sub_mod); neg is one subtraction. Inverse and square root by libsecp256k1-style addition chains
// (checked by scripts/gen-secp256k1-consts.mjs). Static scratch only: heap.reset-safe. AssemblyScript.
import { u256Sub, u256MontMul, u256AddMod, u256SubMod } from "../lib/accel";
import { R2_P } from "./secp256k1-consts";

/** p, 8 LE u32 limbs; 512-byte aligned, as u256MontMul's modulus */
export const P: usize = memory.data<u32>([0xfffffc2f, 0xfffffffe, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], 512);
/** 1 in Montgomery form: 2^256 mod p = 2^32 + 977 */
export const ONE_P: usize = memory.data<u32>([0x000003d1, 0x00000001, 0, 0, 0, 0, 0, 0]);

// u32 words throughout: on rv32 a u64 load or test costs more than two u32 ones.

/** out = a (32 bytes, 4-byte aligned), word by word */
// @ts-ignore: decorator
@inline export function cp32(out: usize, a: usize): void {
  store<u32>(out, load<u32>(a));
  store<u32>(out, load<u32>(a, 4), 4);
  store<u32>(out, load<u32>(a, 8), 8);
  store<u32>(out, load<u32>(a, 12), 12);
  store<u32>(out, load<u32>(a, 16), 16);
  store<u32>(out, load<u32>(a, 20), 20);
  store<u32>(out, load<u32>(a, 24), 24);
  store<u32>(out, load<u32>(a, 28), 28);
}

/** a = 0 (decided by the low word almost always) */
// @ts-ignore: decorator
@inline export function isZero32(a: usize): bool {
  return load<u32>(a) == 0 && (load<u32>(a, 4) | load<u32>(a, 8) | load<u32>(a, 12) | load<u32>(a, 16) |
    load<u32>(a, 20) | load<u32>(a, 24) | load<u32>(a, 28)) == 0;
}

/** a = b */
export function eq32(a: usize, b: usize): bool {
  for (let i: usize = 0; i < 32; i += 4) if (load<u32>(a + i) != load<u32>(b + i)) return false;
  return true;
}

/** a ≥ m for a modulus m whose top limb is 0xffffffff (p, n): almost always decided by the top limb. */
// @ts-ignore: decorator
@inline export function geTop(a: usize, m: usize): bool {
  if (load<u32>(a, 28) != 0xffffffff) return false;
  for (let i: i32 = 24; i >= 0; i -= 4) {
    const x = load<u32>(a + <usize>i);
    const y = load<u32>(m + <usize>i);
    if (x != y) return x > y;
  }
  return true;
}

/** a ≥ m (any m, 8 LE limbs) */
export function geq(a: usize, m: usize): bool {
  for (let i: i32 = 28; i >= 0; i -= 4) {
    const x = load<u32>(a + <usize>i);
    const y = load<u32>(m + <usize>i);
    if (x != y) return x > y;
  }
  return true;
}

const PLAIN_ONE: usize = memory.data<u32>([1, 0, 0, 0, 0, 0, 0, 0]);

/**
 * out = a·b·2^-256 mod p (Montgomery product; a, b < p): one accelerator call (u256_op mont_mul).
 * With x̃ = x·2^256 mod p, fmul(x̃, ỹ) = (x·y)~, so elements stay in Montgomery form throughout.
 */
// @ts-ignore: decorator
@inline export function fmul(out: usize, a: usize, b: usize): void {
  u256MontMul(out, a, b, P);
}

/** out = a·2^256 mod p (into Montgomery form; a < 2^256 reduced first when ≥ p). */
export function toMont(out: usize, a: usize): void {
  cp32(out, a);
  if (geTop(out, P)) u256Sub(out, out, P);
  fmul(out, out, R2_P);
}

/** out = a·2^-256 mod p (out of Montgomery form). */
export function fromMont(out: usize, a: usize): void {
  fmul(out, a, PLAIN_ONE);
}

/** out = a² mod p */
// @ts-ignore: decorator
@inline export function fsqr(out: usize, a: usize): void { fmul(out, a, a); }

/** out = a + b mod p (a, b < p): one accelerator call (u256_op add_mod) */
// @ts-ignore: decorator
@inline export function fadd(out: usize, a: usize, b: usize): void {
  u256AddMod(out, a, b, P);
}

/** out = a - b mod p (a, b < p): one accelerator call (u256_op sub_mod) */
// @ts-ignore: decorator
@inline export function fsub(out: usize, a: usize, b: usize): void {
  u256SubMod(out, a, b, P);
}

/** out = -a mod p */
export function fneg(out: usize, a: usize): void {
  if (isZero32(a)) cp32(out, a);
  else u256Sub(out, P, a);
}

/** out = a^(2^k) (k squarings; out may alias a) */
function sqrN(out: usize, a: usize, k: i32): void {
  if (out != a) cp32(out, a);
  for (let i = 0; i < k; i++) fmul(out, out, out);
}

const X2 = memory.data(32, 16);
const X3 = memory.data(32, 16);
const X6 = memory.data(32, 16);
const X9 = memory.data(32, 16);
const X11 = memory.data(32, 16);
const X22 = memory.data(32, 16);
const X44 = memory.data(32, 16);
const X88 = memory.data(32, 16);
const X176 = memory.data(32, 16);
const X220 = memory.data(32, 16);
const X223 = memory.data(32, 16);
const T1 = memory.data(32, 16);

/** The chain's common part: T1 = a^(2^246 - 2^22 - 1)... and X2, X22 = a^(2^k - 1) for k = 2, 22. */
function chainHead(a: usize): void {
  fmul(X2, a, a);
  fmul(X2, X2, a); // a^3
  fmul(X3, X2, X2);
  fmul(X3, X3, a);
  sqrN(X6, X3, 3);
  fmul(X6, X6, X3);
  sqrN(X9, X6, 3);
  fmul(X9, X9, X3);
  sqrN(X11, X9, 2);
  fmul(X11, X11, X2);
  sqrN(X22, X11, 11);
  fmul(X22, X22, X11);
  sqrN(X44, X22, 22);
  fmul(X44, X44, X22);
  sqrN(X88, X44, 44);
  fmul(X88, X88, X44);
  sqrN(X176, X88, 88);
  fmul(X176, X176, X88);
  sqrN(X220, X176, 44);
  fmul(X220, X220, X44);
  sqrN(X223, X220, 3);
  fmul(X223, X223, X3);
  sqrN(T1, X223, 23);
  fmul(T1, T1, X22);
}

/** out = a^(p-2) = a⁻¹ mod p (0 for 0), in Montgomery form (ã ↦ (a⁻¹)~); out may alias a. */
export function finv(out: usize, a: usize): void {
  chainHead(a);
  sqrN(T1, T1, 5);
  fmul(T1, T1, a);
  sqrN(T1, T1, 3);
  fmul(T1, T1, X2);
  sqrN(T1, T1, 2);
  fmul(out, T1, a);
}

/** out = a^((p+1)/4) in Montgomery form: a square root of a when one exists (p ≡ 3 mod 4); the caller verifies. */
export function fsqrtCandidate(out: usize, a: usize): void {
  chainHead(a);
  sqrN(T1, T1, 6);
  fmul(T1, T1, X2);
  sqrN(out, T1, 2);
}
