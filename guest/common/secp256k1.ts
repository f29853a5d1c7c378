// secp256k1 public-key recovery (ecrecover): field arithmetic mod p and scalar arithmetic mod n on
// u256 (both moduli are 2^256 - c with small c, reduced by folding), Jacobian points. AssemblyScript.
import { u256Add, u256Sub, u256MulLo, u256MulHi } from "../lib/accel";
import { cmp, copy, fromBytesBE, isZero, setU64, setZero, testBit, bitLength, toBytesBE } from "./u256";
import { keccak256 } from "./keccak256";

// constants as 8 little-endian u32 limbs
const P: usize = memory.data<u32>([0xfffffc2f, 0xfffffffe, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]);
/** 2^256 - p = 2^32 + 977 */
const CP: usize = memory.data<u32>([0x000003d1, 0x00000001, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000]);
const N: usize = memory.data<u32>([0xd0364141, 0xbfd25e8c, 0xaf48a03b, 0xbaaedce6, 0xfffffffe, 0xffffffff, 0xffffffff, 0xffffffff]);
/** 2^256 - n (129 bits) */
const CN: usize = memory.data<u32>([0x2fc9bebf, 0x402da173, 0x50b75fc4, 0x45512319, 0x00000001, 0x00000000, 0x00000000, 0x00000000]);
const P_MINUS_2: usize = memory.data<u32>([0xfffffc2d, 0xfffffffe, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]);
const N_MINUS_2: usize = memory.data<u32>([0xd036413f, 0xbfd25e8c, 0xaf48a03b, 0xbaaedce6, 0xfffffffe, 0xffffffff, 0xffffffff, 0xffffffff]);
/** (p + 1) / 4: a^((p+1)/4) is a square root of a when one exists (p ≡ 3 mod 4) */
const SQRT_EXP: usize = memory.data<u32>([0xbfffff0c, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x3fffffff]);
const GX: usize = memory.data<u32>([0x16f81798, 0x59f2815b, 0x2dce28d9, 0x029bfcdb, 0xce870b07, 0x55a06295, 0xf9dcbbac, 0x79be667e]);
const GY: usize = memory.data<u32>([0xfb10d4b8, 0x9c47d08f, 0xa6855419, 0xfd17b448, 0x0e1108a8, 0x5da4fbfc, 0x26a3c465, 0x483ada77]);
// every scratch number is its own memory.data segment (a call site of memory.data is one segment)
const ZERO: usize = memory.data(32, 16);

// ---- arithmetic mod m = 2^256 - c (inputs < m; outputs may alias inputs) ----

const RL = memory.data(32, 16);
const RH = memory.data(32, 16);
const TL = memory.data(32, 16);
const TH = memory.data(32, 16);

/** out = (hi·2^256 + lo) mod m, folding hi·2^256 ≡ hi·c until the high half is zero. */
function reduce(out: usize, lo: usize, hi: usize, m: usize, c: usize): void {
  copy(RL, lo);
  copy(RH, hi);
  while (!isZero(RH)) {
    u256MulHi(TH, RH, c);
    u256MulLo(TL, RH, c);
    const carry = u256Add(RL, RL, TL);
    u256Add(RH, TH, ZERO, carry);
  }
  while (cmp(RL, m) >= 0) u256Sub(RL, RL, m);
  copy(out, RL);
}

const WL = memory.data(32, 16);
const WH = memory.data(32, 16);

function modMul(out: usize, a: usize, b: usize, m: usize, c: usize): void {
  u256MulHi(WH, a, b);
  u256MulLo(WL, a, b);
  reduce(out, WL, WH, m, c);
}

function modAdd(out: usize, a: usize, b: usize, m: usize): void {
  const carry = u256Add(out, a, b);
  if (carry != 0 || cmp(out, m) >= 0) u256Sub(out, out, m);
}

function modSub(out: usize, a: usize, b: usize, m: usize): void {
  if (u256Sub(out, a, b) != 0) u256Add(out, out, m);
}

const PB = memory.data(32, 16);
const PA = memory.data(32, 16);

/** out = a^e mod m (square-and-multiply from the top bit). */
function modPow(out: usize, a: usize, e: usize, m: usize, c: usize): void {
  copy(PB, a);
  setU64(PA, 1);
  const field = m == P;
  for (let i = <i32>bitLength(e) - 1; i >= 0; i--) {
    if (field) fmul(PA, PA, PA);
    else modMul(PA, PA, PA, m, c);
    if (testBit(e, <u32>i)) {
      if (field) fmul(PA, PA, PB);
      else modMul(PA, PA, PB, m, c);
    }
  }
  copy(out, PA);
}

// ---- the field mod p = 2^256 - 2^32 - 977: the product's high half folded in software ----

/**
 * out = (hi·2^256 + lo) mod p, using 2^256 ≡ 2^32 + 977: out = lo + hi·977 + hi·2^32 (a carry of
 * up to 34 bits), folded once more the same way, then one conditional subtraction of p.
 */
function reduceP(out: usize, lo: usize, hi: usize): void {
  let carry: u64 = 0;
  let prev: u64 = 0;
  for (let i: usize = 0; i < 32; i += 4) {
    const h = <u64>load<u32>(hi + i);
    const acc = <u64>load<u32>(lo + i) + h * 977 + prev + carry;
    store<u32>(out + i, <u32>acc);
    carry = acc >> 32;
    prev = h;
  }
  const top = carry + prev; // < 2^34
  let acc = <u64>load<u32>(out) + top * 977;
  store<u32>(out, <u32>acc);
  acc = <u64>load<u32>(out, 4) + (top & 0xffffffff) + (acc >> 32);
  store<u32>(out, <u32>acc, 4);
  acc = <u64>load<u32>(out, 8) + (top >> 32) + (acc >> 32);
  store<u32>(out, <u32>acc, 8);
  carry = acc >> 32;
  for (let i: usize = 12; i < 32 && carry != 0; i += 4) {
    acc = <u64>load<u32>(out + i) + carry;
    store<u32>(out + i, <u32>acc);
    carry = acc >> 32;
  }
  // wrapped past 2^256 (the value left is tiny): add 2^256 mod p = 2^32 + 977 once more
  if (carry != 0) u256Add(out, out, CP);
  if (cmp(out, P) >= 0) u256Sub(out, out, P);
}

function fmul(out: usize, a: usize, b: usize): void {
  u256MulHi(WH, a, b);
  u256MulLo(WL, a, b);
  reduceP(out, WL, WH);
}

// @ts-ignore: decorator
@inline function fsqr(out: usize, a: usize): void { fmul(out, a, a); }
// @ts-ignore: decorator
@inline function fadd(out: usize, a: usize, b: usize): void { modAdd(out, a, b, P); }
// @ts-ignore: decorator
@inline function fsub(out: usize, a: usize, b: usize): void { modSub(out, a, b, P); }

// ---- points in Jacobian coordinates (X/Z², Y/Z³); Z = 0 is the point at infinity ----

const QX = memory.data(32, 16);
const QY = memory.data(32, 16);
const QZ = memory.data(32, 16);
const A_ = memory.data(32, 16);
const B_ = memory.data(32, 16);
const C_ = memory.data(32, 16);
const D_ = memory.data(32, 16);
const E_ = memory.data(32, 16);
const F_ = memory.data(32, 16);
const X3 = memory.data(32, 16);
const Y3 = memory.data(32, 16);
const Z3 = memory.data(32, 16);

/** Q = 2Q (dbl-2009-l, a = 0). */
function double(): void {
  if (isZero(QZ)) return;
  if (isZero(QY)) {
    setZero(QZ);
    return;
  }
  fsqr(A_, QX); // A = X²
  fsqr(B_, QY); // B = Y²
  fsqr(C_, B_); // C = B²
  fadd(D_, QX, B_);
  fsqr(D_, D_);
  fsub(D_, D_, A_);
  fsub(D_, D_, C_);
  fadd(D_, D_, D_); // D = 2((X + B)² - A - C)
  fadd(E_, A_, A_);
  fadd(E_, E_, A_); // E = 3A
  fsqr(F_, E_); // F = E²
  fmul(QZ, QY, QZ);
  fadd(QZ, QZ, QZ); // Z3 = 2YZ
  fsub(QX, F_, D_);
  fsub(QX, QX, D_); // X3 = F - 2D
  fsub(D_, D_, QX);
  fmul(D_, E_, D_);
  fadd(C_, C_, C_);
  fadd(C_, C_, C_);
  fadd(C_, C_, C_); // 8C
  fsub(QY, D_, C_); // Y3 = E(D - X3) - 8C
}

/** Q = Q + (x2, y2) for an affine point (madd-2007-bl). */
function addAffine(x2: usize, y2: usize): void {
  if (isZero(QZ)) {
    copy(QX, x2);
    copy(QY, y2);
    setU64(QZ, 1);
    return;
  }
  fsqr(A_, QZ); // Z1Z1
  fmul(B_, x2, A_); // U2
  fmul(C_, y2, QZ);
  fmul(C_, C_, A_); // S2
  fsub(D_, B_, QX); // H = U2 - X1
  fsub(E_, C_, QY);
  fadd(E_, E_, E_); // r = 2(S2 - Y1)
  if (isZero(D_)) {
    if (isZero(E_)) double();
    else setZero(QZ);
    return;
  }
  fsqr(F_, D_); // HH
  fadd(B_, F_, F_);
  fadd(B_, B_, B_); // I = 4HH
  fmul(C_, D_, B_); // J = H·I
  fmul(B_, QX, B_); // V = X1·I
  fsqr(X3, E_);
  fsub(X3, X3, C_);
  fsub(X3, X3, B_);
  fsub(X3, X3, B_); // X3 = r² - J - 2V
  fsub(Y3, B_, X3);
  fmul(Y3, E_, Y3);
  fmul(C_, QY, C_);
  fadd(C_, C_, C_);
  fsub(Y3, Y3, C_); // Y3 = r(V - X3) - 2·Y1·J
  fadd(Z3, QZ, D_);
  fsqr(Z3, Z3);
  fsub(Z3, Z3, A_);
  fsub(Z3, Z3, F_); // Z3 = (Z1 + H)² - Z1Z1 - HH
  copy(QX, X3);
  copy(QY, Y3);
  copy(QZ, Z3);
}

// ---- recovery ----

const R = memory.data(32, 16);
const S = memory.data(32, 16);
const RX = memory.data(32, 16);
const RY = memory.data(32, 16);
const Z = memory.data(32, 16);
const U1 = memory.data(32, 16);
const U2 = memory.data(32, 16);
const T = memory.data(32, 16);
const PUB = memory.data(64, 16);
const DIGEST = memory.data(32, 16);

/** 1 ≤ a < n */
function inScalarRange(a: usize): bool {
  return !isZero(a) && cmp(a, N) < 0;
}

/**
 * Recovers the public key of a signature (r, s) with recovery id `recid` (0 or 1: the parity of
 * R's y) over the 32-byte message hash; writes x ‖ y (64 bytes, big-endian) at `out`. Fails when
 * r or s is outside [1, n-1], R is not on the curve, or the key is the point at infinity. The
 * x-overflow recovery ids 2 and 3 (r + n as R's x) are not supported: Ethereum never uses them.
 * hash, r, s: 32 big-endian bytes each, any alignment.
 */
export function recoverPublicKey(hash: usize, recid: u32, r: usize, s: usize, out: usize): bool {
  if (recid > 1) return false;
  fromBytesBE(R, r);
  fromBytesBE(S, s);
  if (!inScalarRange(R) || !inScalarRange(S)) return false;
  // R = (r, y) with y² = r³ + 7
  copy(RX, R);
  fsqr(T, RX);
  fmul(T, T, RX);
  setU64(A_, 7);
  fadd(T, T, A_);
  modPow(RY, T, SQRT_EXP, P, CP);
  fsqr(A_, RY);
  if (cmp(A_, T) != 0) return false; // r³ + 7 is not a square: no such point
  if ((load<u32>(RY) & 1) != recid) fsub(RY, ZERO, RY);
  // z = hash mod n; u1 = -z / r, u2 = s / r (mod n)
  fromBytesBE(Z, hash);
  if (cmp(Z, N) >= 0) u256Sub(Z, Z, N);
  modPow(T, R, N_MINUS_2, N, CN); // r⁻¹
  modMul(U1, Z, T, N, CN);
  modSub(U1, ZERO, U1, N);
  modMul(U2, S, T, N, CN);
  // Q = u1·G + u2·R (Shamir's trick: one doubling chain)
  setZero(QX);
  setZero(QY);
  setZero(QZ);
  const b1 = bitLength(U1);
  const b2 = bitLength(U2);
  for (let i = <i32>(b1 > b2 ? b1 : b2) - 1; i >= 0; i--) {
    double();
    if (testBit(U1, <u32>i)) addAffine(GX, GY);
    if (testBit(U2, <u32>i)) addAffine(RX, RY);
  }
  if (isZero(QZ)) return false;
  // affine: x = X/Z², y = Y/Z³
  modPow(T, QZ, P_MINUS_2, P, CP);
  fsqr(A_, T);
  fmul(QX, QX, A_);
  fmul(A_, A_, T);
  fmul(QY, QY, A_);
  toBytesBE(out, QX);
  toBytesBE(out + 32, QY);
  return true;
}

/**
 * Ethereum's ecrecover: the 20-byte address (keccak256(x ‖ y)[12..32]) of the key that signed
 * `hash` with (v, r, s), written at `out`; false on failure (nothing written). v must be 27 or 28
 * (recovery id v - 27), as the precompile requires; transaction decoding maps EIP-155 v and the
 * typed transactions' y-parity (0/1) to a recovery id and calls recoverPublicKey. The EIP-2 low-s
 * rule (s ≤ n/2) is the transaction validator's, not checked here.
 */
export function ecrecover(hash: usize, v: u32, r: usize, s: usize, out: usize): bool {
  if (v != 27 && v != 28) return false;
  if (!recoverPublicKey(hash, v - 27, r, s, PUB)) return false;
  keccak256(PUB, 64, DIGEST);
  memory.copy(out, DIGEST + 12, 20);
  return true;
}

/** s ≤ n/2 (EIP-2's low-s rule, for the transaction validator); s: 32 big-endian bytes. */
const HALF_N: usize = memory.data<u32>([0x681b20a0, 0xdfe92f46, 0x57a4501d, 0x5d576e73, 0xffffffff, 0xffffffff, 0xffffffff, 0x7fffffff]);
export function isLowS(s: usize): bool {
  fromBytesBE(T, s);
  return cmp(T, HALF_N) <= 0;
}
