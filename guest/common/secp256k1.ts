// secp256k1 public-key recovery (ecrecover). Q = u1·G + u2·R with the GLV endomorphism: both
// scalars are split into ~128-bit halves (secp256k1-scalar.ts), so four width-w NAF digit strings
// share one chain of ~128 doublings; G and λG come from static affine tables (secp256k1-consts.ts,
// mixed additions), R and λR = (β·x, y) from a Jacobian table of odd multiples built per call. One
// field inversion at the end; field elements (secp256k1-field.ts) and scalars mod n are in
// Montgomery form.
// AssemblyScript, static scratch only (heap.reset-safe).
import { u256Sub } from "../lib/accel";
import { fromBytesBE, toBytesBE } from "./u256";
import { keccak256 } from "./keccak256";
import { P, ONE_P, cp32, isZero32, eq32, geq, fmul, fsqr, fadd, fsub, fneg, finv, fsqrtCandidate, toMont, fromMont } from "./secp256k1-field";
import { N, montMul, nneg, ninvMont, glvSplit, wnaf, WNAF_LEN } from "./secp256k1-scalar";
import { BETA_M, SEVEN_M, R2_N, G_WINDOW, G_TABLE, LG_TABLE } from "./secp256k1-consts";

// ---- the accumulator Q in Jacobian coordinates (X/Z², Y/Z³) ----

let qInf = true;
const QX = memory.data(32, 16);
const QY = memory.data(32, 16);
const QZ = memory.data(32, 16);
const A_ = memory.data(32, 16);
const B_ = memory.data(32, 16);
const C_ = memory.data(32, 16);
const D_ = memory.data(32, 16);
const E_ = memory.data(32, 16);
const F_ = memory.data(32, 16);
const H_ = memory.data(32, 16);
const X3 = memory.data(32, 16);
const Y3 = memory.data(32, 16);
const NY = memory.data(32, 16);

/** Q = 2Q (dbl-2009-l, a = 0, with D = 4·X·Y² and C from (2Y²)²: 3M + 4S, 10 additions). */
function double(): void {
  if (qInf) return;
  if (isZero32(QY)) { // 2-torsion (none on secp256k1; kept for completeness)
    qInf = true;
    return;
  }
  fsqr(A_, QX); // A = X²
  fsqr(B_, QY);
  fadd(B_, B_, B_); // 2B = 2Y²
  fsqr(C_, B_); // 4C = 4Y⁴
  fmul(D_, QX, B_);
  fadd(D_, D_, D_); // D = 4·X·Y² (= 2((X + B)² - A - C))
  fadd(E_, A_, A_);
  fadd(E_, E_, A_); // E = 3A
  fsqr(F_, E_); // F = E²
  fmul(QZ, QY, QZ);
  fadd(QZ, QZ, QZ); // Z3 = 2YZ
  fsub(QX, F_, D_);
  fsub(QX, QX, D_); // X3 = F - 2D
  fsub(D_, D_, QX);
  fmul(D_, E_, D_);
  fadd(C_, C_, C_); // 8C = 8Y⁴
  fsub(QY, D_, C_); // Y3 = E(D - X3) - 8C
}

/** Q = Q + (x2, y2) for an affine point (Jacobian + affine: 8M + 3S, 7 additions). */
function addAffine(x2: usize, y2: usize): void {
  if (qInf) {
    cp32(QX, x2);
    cp32(QY, y2);
    cp32(QZ, ONE_P);
    qInf = false;
    return;
  }
  fsqr(A_, QZ); // Z1Z1
  fmul(B_, x2, A_); // U2 = x2·Z1²
  fmul(C_, y2, QZ);
  fmul(C_, C_, A_); // S2 = y2·Z1³
  fsub(D_, B_, QX); // H = U2 - X1
  fsub(E_, C_, QY); // r = S2 - Y1
  if (isZero32(D_)) {
    if (isZero32(E_)) double();
    else qInf = true;
    return;
  }
  fsqr(F_, D_); // HH
  fmul(C_, D_, F_); // HHH
  fmul(B_, QX, F_); // V = X1·HH
  fsqr(X3, E_);
  fsub(X3, X3, C_);
  fsub(X3, X3, B_);
  fsub(X3, X3, B_); // X3 = r² - HHH - 2V
  fsub(Y3, B_, X3);
  fmul(Y3, E_, Y3);
  fmul(C_, QY, C_);
  fsub(QY, Y3, C_); // Y3 = r(V - X3) - Y1·HHH
  fmul(QZ, QZ, D_); // Z3 = Z1·H
  cp32(QX, X3);
}

// A table point: X, Y, Z, Z², Z³ (160 bytes), never the point at infinity.
const TP_SIZE: usize = 160;

/** Q = Q + T for a Jacobian table point T (with its Z², Z³) whose y is `y2` (T's or its negation): 11M + 3S. */
function addTable(t: usize, y2: usize): void {
  if (qInf) {
    cp32(QX, t);
    cp32(QY, y2);
    cp32(QZ, t + 64);
    qInf = false;
    return;
  }
  fsqr(A_, QZ); // Z1Z1
  fmul(B_, QX, t + 96); // U1 = X1·Z2Z2
  fmul(C_, t, A_); // U2 = X2·Z1Z1
  fmul(D_, QY, t + 128); // S1 = Y1·Z2³
  fmul(E_, y2, QZ);
  fmul(E_, E_, A_); // S2 = Y2·Z1³
  fsub(H_, C_, B_); // H = U2 - U1
  fsub(E_, E_, D_);
  if (isZero32(H_)) {
    if (isZero32(E_)) double();
    else qInf = true;
    return;
  }
  fadd(E_, E_, E_); // r = 2(S2 - S1)
  fadd(F_, H_, H_);
  fsqr(F_, F_); // I = (2H)²
  fmul(C_, H_, F_); // J = H·I
  fmul(B_, B_, F_); // V = U1·I
  fsqr(X3, E_);
  fsub(X3, X3, C_);
  fsub(X3, X3, B_);
  fsub(X3, X3, B_); // X3 = r² - J - 2V
  fsub(Y3, B_, X3);
  fmul(Y3, E_, Y3);
  fmul(D_, D_, C_);
  fadd(D_, D_, D_);
  fsub(QY, Y3, D_); // Y3 = r(V - X3) - 2·S1·J
  fmul(QZ, QZ, t + 64);
  fmul(QZ, QZ, H_);
  fadd(QZ, QZ, QZ); // Z3 = 2·Z1·Z2·H
  cp32(QX, X3);
}

// ---- the per-call table of R: (2i+1)·R and (2i+1)·λR, i < 8, and the digit strings ----

const R_WINDOW: u32 = 5;
const R_COUNT: usize = 1 << (R_WINDOW - 2);
const RT = memory.data(<i32>(R_COUNT * TP_SIZE), 16);
const LRT = memory.data(<i32>(R_COUNT * TP_SIZE), 16);
const D2R = memory.data(<i32>TP_SIZE, 16);
const DIG = memory.data(<i32>(4 * WNAF_LEN), 16);

/** Fills the Jacobian table point at `t`'s Z², Z³ from its Z. */
function finishTablePoint(t: usize): void {
  fsqr(t + 96, t + 64);
  fmul(t + 128, t + 96, t + 64);
}

/** RT[i] = (2i+1)·(x, y), LRT[i] = (β·X, Y, Z) of RT[i]. */
function buildRTable(x: usize, y: usize): void {
  // 2R, as a table point
  cp32(QX, x);
  cp32(QY, y);
  cp32(QZ, ONE_P);
  qInf = false;
  double();
  cp32(D2R, QX);
  cp32(D2R + 32, QY);
  cp32(D2R + 64, QZ);
  finishTablePoint(D2R);
  // R, 3R, 5R, ...: Q = R, then Q += 2R
  cp32(RT, x);
  cp32(RT + 32, y);
  cp32(RT + 64, ONE_P);
  cp32(RT + 96, ONE_P);
  cp32(RT + 128, ONE_P);
  cp32(QX, x);
  cp32(QY, y);
  cp32(QZ, ONE_P);
  qInf = false;
  for (let i: usize = 1; i < R_COUNT; i++) {
    addTable(D2R, D2R + 32);
    const t = RT + i * TP_SIZE;
    cp32(t, QX);
    cp32(t + 32, QY);
    cp32(t + 64, QZ);
    finishTablePoint(t);
  }
  for (let i: usize = 0; i < R_COUNT; i++) {
    const t = RT + i * TP_SIZE;
    const l = LRT + i * TP_SIZE;
    fmul(l, t, BETA_M);
    for (let j: usize = 32; j < TP_SIZE; j += 32) cp32(l + j, t + j);
  }
}

/** Q = Σ digits·points: one doubling chain over the four digit strings (G, λG, R, λR). */
function multiScalar(len: i32): void {
  qInf = true;
  for (let i = len - 1; i >= 0; i--) {
    double();
    const at = DIG + <usize>i;
    let d = <i32>load<i8>(at);
    if (d != 0) addG(G_TABLE, d);
    d = <i32>load<i8>(at + WNAF_LEN);
    if (d != 0) addG(LG_TABLE, d);
    d = <i32>load<i8>(at + 2 * WNAF_LEN);
    if (d != 0) addR(RT, d);
    d = <i32>load<i8>(at + 3 * WNAF_LEN);
    if (d != 0) addR(LRT, d);
  }
}

function addG(table: usize, d: i32): void {
  const p = table + (<usize>((d < 0 ? -d : d) >> 1) << 6);
  if (d > 0) addAffine(p, p + 32);
  else {
    u256Sub(NY, P, p + 32);
    addAffine(p, NY);
  }
}

function addR(table: usize, d: i32): void {
  const t = table + <usize>((d < 0 ? -d : d) >> 1) * TP_SIZE;
  if (d > 0) addTable(t, t + 32);
  else {
    u256Sub(NY, P, t + 32);
    addTable(t, NY);
  }
}

// ---- recovery ----

const R = memory.data(32, 16);
const S = memory.data(32, 16);
const RX = memory.data(32, 16);
const RY = memory.data(32, 16);
const Z = memory.data(32, 16);
const U1 = memory.data(32, 16);
const U2 = memory.data(32, 16);
const K1 = memory.data(32, 16);
const K2 = memory.data(32, 16);
const T = memory.data(32, 16);
const PUB = memory.data(64, 16);
const DIGEST = memory.data(32, 16);

/** 1 ≤ a < n */
function inScalarRange(a: usize): bool {
  return !isZero32(a) && !geq(a, N);
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
  // R = (r, y) with y² = r³ + 7 (r < n < p, so r is a field element)
  toMont(RX, R);
  fsqr(T, RX);
  fmul(T, T, RX);
  fadd(T, T, SEVEN_M);
  fsqrtCandidate(RY, T);
  fsqr(A_, RY);
  if (!eq32(A_, T)) return false; // r³ + 7 is not a square: no such point
  fromMont(A_, RY);
  if ((load<u32>(A_) & 1) != recid) fneg(RY, RY);
  // z = hash mod n; u1 = -z / r, u2 = s / r (mod n), with r⁻¹ in Montgomery form
  fromBytesBE(Z, hash);
  if (geq(Z, N)) u256Sub(Z, Z, N);
  montMul(T, R, R2_N); // r·2^256
  ninvMont(T, T); // r⁻¹·2^256
  montMul(U1, Z, T);
  nneg(U1, U1);
  montMul(U2, S, T);
  // four half-size scalars: u1 = k1 + k2·λ (G, λG), u2 = k3 + k4·λ (R, λR)
  let neg = glvSplit(K1, K2, U1);
  let len = wnaf(DIG, K1, <u32>G_WINDOW, (neg & 1) != 0);
  let l = wnaf(DIG + WNAF_LEN, K2, <u32>G_WINDOW, (neg & 2) != 0);
  if (l > len) len = l;
  neg = glvSplit(K1, K2, U2);
  l = wnaf(DIG + 2 * WNAF_LEN, K1, R_WINDOW, (neg & 1) != 0);
  if (l > len) len = l;
  l = wnaf(DIG + 3 * WNAF_LEN, K2, R_WINDOW, (neg & 2) != 0);
  if (l > len) len = l;
  buildRTable(RX, RY);
  multiScalar(len);
  if (qInf) return false;
  // affine: x = X/Z², y = Y/Z³
  finv(T, QZ);
  fsqr(A_, T);
  fmul(QX, QX, A_);
  fmul(A_, A_, T);
  fmul(QY, QY, A_);
  fromMont(QX, QX);
  fromMont(QY, QY);
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
  return geq(HALF_N, T);
}
