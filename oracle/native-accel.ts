// The native runner's fast accelerators: u256_op and keccak_f as WebAssembly functions sharing the
// guest's linear memory, so a guest's 256-bit operations and keccak-f permutations cost a
// wasm-to-wasm call instead of a call into JavaScript (an ecrecover makes ~6,000 u256 operations:
// Montgomery products, modular additions and subtractions). Same semantics as oracle/zk-calls.ts,
// which stays the simple path: any call the fast path does not handle exactly (an unknown op word, a
// misaligned or out-of-bounds operand, modular operands outside the definition) goes to it, so errors
// read the same. test/native-accel.test.ts checks the two paths agree on seeded random operands.
// Also here: the scrubber that zeroes a finished run's memory so the next run can reuse it.
//
// To share the memory, the guest module is rewritten once (importGuestMemory) to import its memory as
// env.memory instead of defining it; the host creates that memory with the guest's own limits.
import binaryen from 'binaryen';
import { U256_MOD_OPERATIONS, U256_MONT_MUL_OPERATIONS } from './accelerators/weights';
import { U256_CARRY_IN, U256_MODULUS_MASK, U256_OP } from '../toolchain/wasm/abi';

/**
 * The fast path's exports. `calls` counts the u256 operations it served (a mont_mul as several, for
 * the accelerator counts), `keccakCalls` the keccak_f calls.
 */
export interface FastAccel {
  readonly u256_op: (op: number, a: number, b: number, out: number) => number;
  readonly keccak_f: (ptr: number) => void;
  readonly calls: () => number;
  readonly keccakCalls: () => number;
}

/** The simple paths the fast one hands what it does not serve: the u256_op and keccak_f host imports. */
export interface SlowAccel {
  readonly u256_op: (op: number, a: number, b: number, out: number) => number;
  readonly keccak_f: (ptr: number) => void;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The product columns of a × b, unrolled: r0..r15 from a0..a7 × b0..b7, one row of carries at a time. */
function productCode(): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 8; i++) {
    lines.push('(local.set $c (i64.const 0))');
    for (let j = 0; j < 8; j++) {
      lines.push(
        `(local.set $t (i64.add (i64.add (local.get $r${i + j}) (i64.mul (local.get $a${i}) (local.get $b${j}))) (local.get $c)))`,
        `(local.set $r${i + j} (i64.and (local.get $t) (i64.const 0xffffffff)))`,
        `(local.set $c (i64.shr_u (local.get $t) (i64.const 32)))`,
      );
    }
    lines.push(`(local.set $r${i + 8} (local.get $c))`);
  }
  return lines;
}

/**
 * The Montgomery product a·b·2^-256 mod m by finely integrated product scanning on 32-bit limbs
 * (a0..a7, b0..b7, m0..m7 in i64 locals), column by column: column k sums a_i·b_(k-i) and q_i·m_(k-i)
 * as two accumulators, lo (the products' low halves) and hi (their high halves), both below 2^37, so
 * the products of a column do not wait on each other's carries; for k < 8, q_k = (column mod 2^32)·m'
 * mod 2^32 (m' = -m^-1 mod 2^32) and q_k·m_0 zero the column; columns 8..15 are the result words
 * t0..t7, what is left over is t8. With q = Σ q_k·2^32k, t = (a·b + q·m) / 2^256 < 2m for a, b < m:
 * one conditional subtraction of m. A square (a = b) sums each a_i·a_j, i < j, once and doubles it:
 * 36 products for a·a instead of 64.
 */
function montCode(square: boolean): string[] {
  const lines: string[] = [];
  const mask = (x: string) => `(i64.and ${x} (i64.const 0xffffffff))`;
  const addProduct = (x: string, y: string, lo = '$lo', hi = '$hi') =>
    lines.push(
      `(local.set $p (i64.mul ${x} ${y}))`,
      `(local.set ${lo} (i64.add (local.get ${lo}) ${mask('(local.get $p)')}))`,
      `(local.set ${hi} (i64.add (local.get ${hi}) (i64.shr_u (local.get $p) (i64.const 32))))`,
    );
  lines.push('(local.set $lo (i64.const 0))', '(local.set $hi (i64.const 0))');
  for (let k = 0; k < 16; k++) {
    if (!square) {
      for (let i = Math.max(0, k - 7); i <= Math.min(7, k); i++) addProduct(`(local.get $a${i})`, `(local.get $b${k - i})`);
    } else {
      // a·a: each a_i·a_j (i < j) once into lo2/hi2, doubled, and the square a_i·a_i of an even column
      lines.push('(local.set $lo2 (i64.const 0))', '(local.set $hi2 (i64.const 0))');
      for (let i = Math.max(0, k - 7); i < k - i; i++) addProduct(`(local.get $a${i})`, `(local.get $a${k - i})`, '$lo2', '$hi2');
      lines.push(
        '(local.set $lo (i64.add (local.get $lo) (i64.shl (local.get $lo2) (i64.const 1))))',
        '(local.set $hi (i64.add (local.get $hi) (i64.shl (local.get $hi2) (i64.const 1))))',
      );
      if (k % 2 === 0) addProduct(`(local.get $a${k / 2})`, `(local.get $a${k / 2})`);
    }
    for (let i = Math.max(0, k - 7); i <= Math.min(7, k - 1); i++) addProduct(`(local.get $q${i})`, `(local.get $m${k - i})`);
    if (k < 8) {
      lines.push(`(local.set $q${k} ${mask(`(i64.mul ${mask('(local.get $lo)')} (local.get $mp))`)})`);
      addProduct(`(local.get $q${k})`, '(local.get $m0)'); // the column's low word becomes 0
    } else lines.push(`(local.set $t${k - 8} ${mask('(local.get $lo)')})`);
    // carry the column's value past its low word into the next column
    lines.push('(local.set $lo (i64.add (i64.shr_u (local.get $lo) (i64.const 32)) (local.get $hi)))', '(local.set $hi (i64.const 0))');
  }
  lines.push('(local.set $t8 (local.get $lo))');
  // d = t - m (borrow chain); keep d when t ≥ m (no borrow) or t overflowed 256 bits (t8 = 1)
  lines.push('(local.set $c (i64.const 0))');
  for (let j = 0; j < 8; j++) {
    lines.push(
      `(local.set $s (i64.sub (i64.sub (local.get $t${j}) (local.get $m${j})) (local.get $c)))`,
      `(local.set $d${j} ${mask('(local.get $s)')})`,
      `(local.set $c (i64.shr_u (local.get $s) (i64.const 63)))`,
    );
  }
  lines.push('(local.set $keep (i32.or (i64.ne (local.get $t8) (i64.const 0)) (i64.eqz (local.get $c))))');
  for (let j = 0; j < 8; j++) {
    lines.push(`(i64.store32 offset=${4 * j} (local.get $out) (select (local.get $d${j}) (local.get $t${j}) (local.get $keep)))`);
  }
  return lines;
}

/** secp256k1's field prime p = 2^256 - 2^32 - 977, 8 little-endian words: the modulus of most Montgomery products. */
export const SECP256K1_P_WORDS = [0xfffffc2f, 0xfffffffe, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff] as const;

/**
 * The Montgomery product mod p = 2^256 - 2^32 - 977 (the same result as montCode's for m = p, fewer
 * products): with q_k·p = q_k·2^256 - q_k·2^32 - 977·q_k, the reduction adds to column k the term
 * -977·q_k (which zeroes its low word: q_k = column·977^-1 mod 2^32, since p ≡ -977 mod 2^32), to
 * column k+1 -q_k and to column k+8 +q_k — 16 products instead of 72. Column sums may be negative
 * on the way (lo is signed, carries are arithmetic shifts: floor division keeps every word exact);
 * the total (a·b + q·p) / 2^256 is below 2p as before, so t8 is 0 or 1.
 */
function montCodeP(square: boolean): string[] {
  const lines: string[] = [];
  const mask = (x: string) => `(i64.and ${x} (i64.const 0xffffffff))`;
  const addProduct = (x: string, y: string, lo = '$lo', hi = '$hi') =>
    lines.push(
      `(local.set $p (i64.mul ${x} ${y}))`,
      `(local.set ${lo} (i64.add (local.get ${lo}) ${mask('(local.get $p)')}))`,
      `(local.set ${hi} (i64.add (local.get ${hi}) (i64.shr_u (local.get $p) (i64.const 32))))`,
    );
  // 977^-1 mod 2^32 (= -p^-1 mod 2^32)
  let inverse = 977;
  for (let i = 0; i < 5; i++) inverse = Math.imul(inverse, 2 - Math.imul(977, inverse)) >>> 0;
  lines.push('(local.set $lo (i64.const 0))', '(local.set $hi (i64.const 0))');
  for (let k = 0; k < 16; k++) {
    if (!square) {
      for (let i = Math.max(0, k - 7); i <= Math.min(7, k); i++) addProduct(`(local.get $a${i})`, `(local.get $b${k - i})`);
    } else {
      lines.push('(local.set $lo2 (i64.const 0))', '(local.set $hi2 (i64.const 0))');
      for (let i = Math.max(0, k - 7); i < k - i; i++) addProduct(`(local.get $a${i})`, `(local.get $a${k - i})`, '$lo2', '$hi2');
      lines.push(
        '(local.set $lo (i64.add (local.get $lo) (i64.shl (local.get $lo2) (i64.const 1))))',
        '(local.set $hi (i64.add (local.get $hi) (i64.shl (local.get $hi2) (i64.const 1))))',
      );
      if (k % 2 === 0) addProduct(`(local.get $a${k / 2})`, `(local.get $a${k / 2})`);
    }
    if (k >= 1 && k <= 8) lines.push(`(local.set $lo (i64.sub (local.get $lo) (local.get $q${k - 1})))`);
    if (k >= 8) lines.push(`(local.set $lo (i64.add (local.get $lo) (local.get $q${k - 8})))`);
    if (k < 8) {
      lines.push(
        `(local.set $q${k} ${mask(`(i64.mul ${mask('(local.get $lo)')} (i64.const ${inverse}))`)})`,
        `(local.set $lo (i64.sub (local.get $lo) (i64.mul (local.get $q${k}) (i64.const 977))))`,
      );
    } else lines.push(`(local.set $t${k - 8} ${mask('(local.get $lo)')})`);
    lines.push('(local.set $lo (i64.add (i64.shr_s (local.get $lo) (i64.const 32)) (local.get $hi)))', '(local.set $hi (i64.const 0))');
  }
  lines.push('(local.set $t8 (local.get $lo))');
  lines.push('(local.set $c (i64.const 0))');
  for (let j = 0; j < 8; j++) {
    lines.push(
      `(local.set $s (i64.sub (i64.sub (local.get $t${j}) (i64.const ${SECP256K1_P_WORDS[j]})) (local.get $c)))`,
      `(local.set $d${j} ${mask('(local.get $s)')})`,
      `(local.set $c (i64.shr_u (local.get $s) (i64.const 63)))`,
    );
  }
  lines.push('(local.set $keep (i32.or (i64.ne (local.get $t8) (i64.const 0)) (i64.eqz (local.get $c))))');
  for (let j = 0; j < 8; j++) {
    lines.push(`(i64.store32 offset=${4 * j} (local.get $out) (select (local.get $d${j}) (local.get $t${j}) (local.get $keep)))`);
  }
  return lines;
}

/**
 * keccak-f[1600] on 25 i64 locals (lane x + 5y at byte 8(x + 5y): the 50 little-endian words are the
 * lanes little-endian), the 24 rounds unrolled: θ, ρ and π (offsets and positions from FIPS 202's walk,
 * derived here), χ, ι (round constants from its LFSR, derived here).
 */
function keccakCode(): string[] {
  const rc: bigint[] = [];
  let r = 1;
  const bit = () => {
    const out = r & 1;
    r = r & 0x80 ? ((r << 1) ^ 0x71) & 0xff : (r << 1) & 0xff;
    return out;
  };
  for (let round = 0; round < 24; round++) {
    let c = 0n;
    for (let j = 0; j < 7; j++) if (bit()) c |= 1n << BigInt((1 << j) - 1);
    rc.push(c);
  }
  // ρ offsets and π targets: lane (x, y) rotated by rho[x + 5y] goes to (y, 2x + 3y)
  const rho = new Array<number>(25).fill(0);
  for (let t = 0, x = 1, y = 0; t < 24; t++) {
    rho[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64;
    [x, y] = [y, (2 * x + 3 * y) % 5];
  }
  const lines: string[] = [];
  const a = (i: number) => `(local.get $a${i})`;
  for (let round = 0; round < 24; round++) {
    for (let x = 0; x < 5; x++) lines.push(`(local.set $c${x} (i64.xor (i64.xor (i64.xor ${a(x)} ${a(x + 5)}) (i64.xor ${a(x + 10)} ${a(x + 15)})) ${a(x + 20)}))`);
    for (let x = 0; x < 5; x++) {
      lines.push(`(local.set $d (i64.xor (local.get $c${(x + 4) % 5}) (i64.rotl (local.get $c${(x + 1) % 5}) (i64.const 1))))`);
      for (let y = 0; y < 5; y++) lines.push(`(local.set $a${x + 5 * y} (i64.xor ${a(x + 5 * y)} (local.get $d)))`);
    }
    for (let x = 0; x < 5; x++) {
      for (let y = 0; y < 5; y++) {
        const to = y + 5 * ((2 * x + 3 * y) % 5);
        const offset = rho[x + 5 * y];
        lines.push(`(local.set $b${to} ${offset === 0 ? a(x + 5 * y) : `(i64.rotl ${a(x + 5 * y)} (i64.const ${offset}))`})`);
      }
    }
    for (let y = 0; y < 5; y++) {
      for (let x = 0; x < 5; x++) {
        const b = (k: number) => `(local.get $b${((x + k) % 5) + 5 * y})`;
        lines.push(`(local.set $a${x + 5 * y} (i64.xor ${b(0)} (i64.and (i64.xor ${b(1)} (i64.const -1)) ${b(2)})))`);
      }
    }
    lines.push(`(local.set $a0 (i64.xor (local.get $a0) (i64.const ${BigInt.asIntN(64, rc[round])})))`);
  }
  return lines;
}

/** The WebAssembly text of the fast accelerator module. */
export function fastAccelText(): string {
  const load = (p: string, k: number) => `(i64.load32_u offset=${4 * k} (local.get $${p}))`;
  const locals = [...range(8).map((i) => `(local $a${i} i64) (local $b${i} i64)`), ...range(16).map((i) => `(local $r${i} i64)`)].join(' ');
  const storeHalf = (from: number) => range(8).map((k) => `(i64.store32 offset=${4 * k} (local.get $out) (local.get $r${from + k}))`);
  const montLocals = [...range(8).map((i) => `(local $a${i} i64) (local $b${i} i64) (local $m${i} i64) (local $d${i} i64) (local $q${i} i64)`), ...range(9).map((i) => `(local $t${i} i64)`)].join(' ');
  const orHalf = (from: number) => range(7).reduce((acc, k) => `(i64.or ${acc} (local.get $r${from + k + 1}))`, `(local.get $r${from})`);
  return `(module
  (import "env" "memory" (memory 0))
  (import "host" "slow" (func $slow (param i32 i32 i32 i32) (result i32)))
  (import "host" "slowKeccak" (func $slowKeccak (param i32)))
  (global $calls (mut i32) (i32.const 0))
  (func (export "calls") (result i32) (global.get $calls))
  (func $add (param $a i32) (param $b i32) (param $out i32) (param $c i64) (result i32)
    (local $s i64) ${range(8).map((k) => `(local $r${k} i64)`).join(' ')}
    ${range(8).map((k) => `(local.set $s (i64.add (i64.add ${load('a', k)} ${load('b', k)}) ${k === 0 ? '(local.get $c)' : '(i64.shr_u (local.get $s) (i64.const 32))'})) (local.set $r${k} (local.get $s))`).join('\n    ')}
    ${range(8).map((k) => `(i64.store32 offset=${4 * k} (local.get $out) (local.get $r${k}))`).join(' ')}
    (i32.wrap_i64 (i64.shr_u (local.get $s) (i64.const 32))))
  (func $sub (param $a i32) (param $b i32) (param $out i32) (param $c i64) (result i32)
    (local $d i64) ${range(8).map((k) => `(local $r${k} i64)`).join(' ')}
    ${range(8).map((k) => `(local.set $d (i64.sub (i64.sub ${load('a', k)} ${load('b', k)}) ${k === 0 ? '(local.get $c)' : '(i64.shr_u (local.get $d) (i64.const 63))'})) (local.set $r${k} (local.get $d))`).join('\n    ')}
    ${range(8).map((k) => `(i64.store32 offset=${4 * k} (local.get $out) (local.get $r${k}))`).join(' ')}
    (i32.wrap_i64 (i64.shr_u (local.get $d) (i64.const 63))))
  (func $mul (param $a i32) (param $b i32) (param $out i32) (param $high i32) (result i32)
    (local $c i64) (local $t i64) ${locals}
    ${range(8).map((k) => `(local.set $a${k} ${load('a', k)}) (local.set $b${k} ${load('b', k)})`).join('\n    ')}
    ${productCode().join('\n    ')}
    (if (local.get $high)
      (then ${storeHalf(8).join(' ')})
      (else ${storeHalf(0).join(' ')}))
    (i64.ne ${orHalf(8)} (i64.const 0)))
  ;; m' = -m0^-1 mod 2^32 for the last m0 seen (0: none yet; no odd m0 gives 0)
  (global $m0 (mut i32) (i32.const 0))
  (global $mp (mut i64) (i64.const 0))
  ;; a·b·2^-256 mod m for odd m, a, b < m (the caller checked)
  (func $mont (param $a i32) (param $b i32) (param $m i32) (param $out i32)
    (local $c i64) (local $s i64) (local $p i64) (local $lo i64) (local $hi i64) (local $mp i64) (local $x i32) (local $keep i32)
    ${montLocals}
    ${range(8).map((k) => `(local.set $a${k} ${load('a', k)}) (local.set $b${k} ${load('b', k)}) (local.set $m${k} ${load('m', k)})`).join('\n    ')}
    (if (i32.ne (i32.wrap_i64 (local.get $m0)) (global.get $m0))
      (then
        ;; Newton: x = m0 is m0^-1 mod 2^3, each step doubles the bits (3, 6, 12, 24, 48)
        (local.set $x (i32.wrap_i64 (local.get $m0)))
        ${range(4).map(() => '(local.set $x (i32.mul (local.get $x) (i32.sub (i32.const 2) (i32.mul (i32.wrap_i64 (local.get $m0)) (local.get $x)))))').join('\n        ')}
        (global.set $m0 (i32.wrap_i64 (local.get $m0)))
        (global.set $mp (i64.extend_i32_u (i32.sub (i32.const 0) (local.get $x))))))
    (local.set $mp (global.get $mp))
    ${montCode(false).join('\n    ')})
  ;; a·a·2^-256 mod m for odd m, a < m (the caller checked)
  (func $montsq (param $a i32) (param $m i32) (param $out i32)
    (local $c i64) (local $s i64) (local $p i64) (local $lo i64) (local $hi i64) (local $lo2 i64) (local $hi2 i64) (local $mp i64) (local $x i32) (local $keep i32)
    ${montLocals}
    ${range(8).map((k) => `(local.set $a${k} ${load('a', k)}) (local.set $m${k} ${load('m', k)})`).join('\n    ')}
    (if (i32.ne (i32.wrap_i64 (local.get $m0)) (global.get $m0))
      (then
        ;; Newton: x = m0 is m0^-1 mod 2^3, each step doubles the bits (3, 6, 12, 24, 48)
        (local.set $x (i32.wrap_i64 (local.get $m0)))
        ${range(4).map(() => '(local.set $x (i32.mul (local.get $x) (i32.sub (i32.const 2) (i32.mul (i32.wrap_i64 (local.get $m0)) (local.get $x)))))').join('\n        ')}
        (global.set $m0 (i32.wrap_i64 (local.get $m0)))
        (global.set $mp (i64.extend_i32_u (i32.sub (i32.const 0) (local.get $x))))))
    (local.set $mp (global.get $mp))
    ${montCode(true).join('\n    ')})
  ;; a·b·2^-256 mod p and a·a·2^-256 mod p for secp256k1's p (the caller checked m = p, a, b < p)
  (func $montp (param $a i32) (param $b i32) (param $out i32)
    (local $c i64) (local $s i64) (local $p i64) (local $lo i64) (local $hi i64) (local $keep i32) ${montLocals}
    ${range(8).map((k) => `(local.set $a${k} ${load('a', k)}) (local.set $b${k} ${load('b', k)})`).join('\n    ')}
    ${montCodeP(false).join('\n    ')})
  (func $montpsq (param $a i32) (param $out i32)
    (local $c i64) (local $s i64) (local $p i64) (local $lo i64) (local $hi i64) (local $lo2 i64) (local $hi2 i64) (local $keep i32) ${montLocals}
    ${range(8).map((k) => `(local.set $a${k} ${load('a', k)})`).join('\n    ')}
    ${montCodeP(true).join('\n    ')})
  ;; 1 when the 8 words at m are secp256k1's p
  (func $isP (param $m i32) (result i32)
    ${range(8).reduce((acc, k) => `(i32.and ${acc} (i32.eq (i32.load offset=${4 * k} (local.get $m)) (i32.const ${SECP256K1_P_WORDS[k] | 0})))`, '(i32.const 1)')})
  ;; keccak-f[1600] on the 200 bytes at p (the caller checked them)
  (func $keccak (param $p i32)
    (local $c0 i64) (local $c1 i64) (local $c2 i64) (local $c3 i64) (local $c4 i64) (local $d i64)
    ${range(25).map((i) => `(local $a${i} i64) (local $b${i} i64)`).join(' ')}
    ${range(25).map((i) => `(local.set $a${i} (i64.load offset=${8 * i} (local.get $p)))`).join('\n    ')}
    ${keccakCode().join('\n    ')}
    ${range(25).map((i) => `(i64.store offset=${8 * i} (local.get $p) (local.get $a${i}))`).join('\n    ')})
  (global $keccakCalls (mut i32) (i32.const 0))
  (func (export "keccakCalls") (result i32) (global.get $keccakCalls))
  ;; keccak_f(ptr): served here when the 50 words at ptr are aligned and inside memory, else by the simple path
  (func (export "keccak_f") (param $p i32)
    (if (i32.or (i32.and (local.get $p) (i32.const 3))
                (i64.gt_u (i64.add (i64.extend_i32_u (local.get $p)) (i64.const 200))
                          (i64.shl (i64.extend_i32_u (memory.size)) (i64.const 16))))
      (then (call $slowKeccak (local.get $p)) (return)))
    (global.set $keccakCalls (i32.add (global.get $keccakCalls) (i32.const 1)))
    (call $keccak (local.get $p)))
  ;; (a + b) mod m for a, b < m (the caller checked): the sum, then m off it when it carried or is at least m
  (func $addmod (param $a i32) (param $b i32) (param $m i32) (param $out i32)
    (local $s i64) (local $d i64) (local $keep i32) ${range(8).map((k) => `(local $r${k} i64) (local $e${k} i64)`).join(' ')}
    ${range(8).map((k) => `(local.set $s (i64.add (i64.add ${load('a', k)} ${load('b', k)}) ${k === 0 ? '(i64.const 0)' : '(i64.shr_u (local.get $s) (i64.const 32))'})) (local.set $r${k} (i64.and (local.get $s) (i64.const 0xffffffff)))`).join('\n    ')}
    ${range(8).map((k) => `(local.set $d (i64.sub (i64.sub (local.get $r${k}) ${load('m', k)}) ${k === 0 ? '(i64.const 0)' : '(i64.shr_u (local.get $d) (i64.const 63))'})) (local.set $e${k} (local.get $d))`).join('\n    ')}
    ;; keep r - m when the sum carried out (s ≥ 2^32 after the last word) or r ≥ m (no borrow)
    (local.set $keep (i32.or (i64.ne (i64.shr_u (local.get $s) (i64.const 32)) (i64.const 0)) (i64.eqz (i64.shr_u (local.get $d) (i64.const 63)))))
    ${range(8).map((k) => `(i64.store32 offset=${4 * k} (local.get $out) (select (local.get $e${k}) (local.get $r${k}) (local.get $keep)))`).join(' ')})
  ;; (a - b) mod m for a, b < m (the caller checked): the difference, then m on it when it borrowed
  (func $submod (param $a i32) (param $b i32) (param $m i32) (param $out i32)
    (local $s i64) (local $d i64) (local $borrow i64) ${range(8).map((k) => `(local $r${k} i64) (local $m${k} i64)`).join(' ')}
    ;; m read in full first: out may overlap it
    ${range(8).map((k) => `(local.set $m${k} ${load('m', k)})`).join(' ')}
    ${range(8).map((k) => `(local.set $d (i64.sub (i64.sub ${load('a', k)} ${load('b', k)}) ${k === 0 ? '(i64.const 0)' : '(i64.shr_u (local.get $d) (i64.const 63))'})) (local.set $r${k} (i64.and (local.get $d) (i64.const 0xffffffff)))`).join('\n    ')}
    ;; m or 0, word by word: the mask is all ones when it borrowed
    (local.set $borrow (i64.sub (i64.const 0) (i64.shr_u (local.get $d) (i64.const 63))))
    ${range(8).map((k) => `(local.set $s (i64.add (i64.add (local.get $r${k}) (i64.and (local.get $m${k}) (local.get $borrow))) ${k === 0 ? '(i64.const 0)' : '(i64.shr_u (local.get $s) (i64.const 32))'})) (i64.store32 offset=${4 * k} (local.get $out) (local.get $s))`).join('\n    ')})
  ;; 1 when the 8 words at x are below those at m (unsigned); decided by the top word almost always
  (func $below (param $x i32) (param $m i32) (result i32)
    (local $i i32) (local $u i32) (local $v i32)
    (local.set $i (i32.const 28))
    (loop $next
      (local.set $u (i32.load (i32.add (local.get $x) (local.get $i))))
      (local.set $v (i32.load (i32.add (local.get $m) (local.get $i))))
      (if (i32.ne (local.get $u) (local.get $v)) (then (return (i32.lt_u (local.get $u) (local.get $v)))))
      (local.set $i (i32.sub (local.get $i) (i32.const 4)))
      (br_if $next (i32.ge_s (local.get $i) (i32.const 0))))
    (i32.const 0))
  (func $cmp (param $a i32) (param $b i32) (result i32)
    (local $i i32) (local $x i32) (local $y i32)
    (local.set $i (i32.const 28))
    (loop $next
      (local.set $x (i32.load (i32.add (local.get $a) (local.get $i))))
      (local.set $y (i32.load (i32.add (local.get $b) (local.get $i))))
      (if (i32.lt_u (local.get $x) (local.get $y)) (then (return (i32.const -1))))
      (if (i32.gt_u (local.get $x) (local.get $y)) (then (return (i32.const 1))))
      (local.set $i (i32.sub (local.get $i) (i32.const 4)))
      (br_if $next (i32.ge_s (local.get $i) (i32.const 0))))
    (i32.const 0))
  (func (export "u256_op") (param $op i32) (param $a i32) (param $b i32) (param $out i32) (result i32)
    (local $code i32) (local $m i32) (local $w i32) (local $lim i64)
    ;; the highest address where 8 words fit
    (local.set $lim (i64.sub (i64.shl (i64.extend_i32_u (memory.size)) (i64.const 16)) (i64.const 32)))
    (local.set $code (i32.and (local.get $op) (i32.const 0xff)))
    ;; anything but a valid op on fitting operands goes to the simple path, which names the error
    (block $slow
      ;; compare writes nothing: its out is not checked (a stands in for it)
      (local.set $w (select (local.get $a) (local.get $out) (i32.eq (local.get $code) (i32.const ${U256_OP.CMP}))))
      (br_if $slow (i32.and (i32.or (i32.or (local.get $a) (local.get $b)) (local.get $w)) (i32.const 3)))
      (br_if $slow (i64.gt_u (i64.extend_i32_u (local.get $a)) (local.get $lim)))
      (br_if $slow (i64.gt_u (i64.extend_i32_u (local.get $b)) (local.get $lim)))
      (br_if $slow (i64.gt_u (i64.extend_i32_u (local.get $w)) (local.get $lim)))
      ;; mont_mul, add_mod, sub_mod: m at the op word's bits 9-31 (so aligned); no carry in; a, b < m (odd m for mont_mul)
      (if (i32.ge_u (i32.sub (local.get $code) (i32.const ${U256_OP.MONT_MUL})) (i32.const 3))
        (then)
        (else
          (local.set $m (i32.and (local.get $op) (i32.const ${U256_MODULUS_MASK | 0})))
          (br_if $slow (i32.and (local.get $op) (i32.const ${U256_CARRY_IN})))
          (br_if $slow (i64.gt_u (i64.extend_i32_u (local.get $m)) (local.get $lim)))
          ;; below m: almost always decided by the top words
          (if (i32.ge_u (i32.load offset=28 (local.get $a)) (i32.load offset=28 (local.get $m)))
            (then (br_if $slow (i32.eqz (call $below (local.get $a) (local.get $m))))))
          (if (i32.ge_u (i32.load offset=28 (local.get $b)) (i32.load offset=28 (local.get $m)))
            (then (br_if $slow (i32.eqz (call $below (local.get $b) (local.get $m))))))
          (if (i32.eq (local.get $code) (i32.const ${U256_OP.MONT_MUL}))
            (then
              (br_if $slow (i32.eqz (i32.and (i32.load (local.get $m)) (i32.const 1))))
              (global.set $calls (i32.add (global.get $calls) (i32.const ${U256_MONT_MUL_OPERATIONS})))
              (if (call $isP (local.get $m))
                (then
                  (if (i32.eq (local.get $a) (local.get $b))
                    (then (call $montpsq (local.get $a) (local.get $out)))
                    (else (call $montp (local.get $a) (local.get $b) (local.get $out)))))
                (else
                  (if (i32.eq (local.get $a) (local.get $b))
                    (then (call $montsq (local.get $a) (local.get $m) (local.get $out)))
                    (else (call $mont (local.get $a) (local.get $b) (local.get $m) (local.get $out))))))
              (return (i32.const 0))))
          (global.set $calls (i32.add (global.get $calls) (i32.const ${U256_MOD_OPERATIONS})))
          (if (i32.eq (local.get $code) (i32.const ${U256_OP.ADD_MOD}))
            (then (call $addmod (local.get $a) (local.get $b) (local.get $m) (local.get $out)))
            (else (call $submod (local.get $a) (local.get $b) (local.get $m) (local.get $out))))
          (return (i32.const 0))))
      ;; the other operations: no bits above the carry bit
      (br_if $slow (i32.gt_u (local.get $op) (i32.const 0x1ff)))
      (block $unknown
        (block $cmp (block $mulhi (block $mullo (block $sub (block $add
          (br_table $add $sub $mullo $mulhi $cmp $unknown (local.get $code)))
          (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
          (return (call $add (local.get $a) (local.get $b) (local.get $out) (i64.extend_i32_u (i32.shr_u (local.get $op) (i32.const 8))))))
          (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
          (return (call $sub (local.get $a) (local.get $b) (local.get $out) (i64.extend_i32_u (i32.shr_u (local.get $op) (i32.const 8))))))
          (br_if $slow (i32.ne (local.get $op) (local.get $code)))
          (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
          (return (call $mul (local.get $a) (local.get $b) (local.get $out) (i32.const 0))))
          (br_if $slow (i32.ne (local.get $op) (local.get $code)))
          (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
          (return (call $mul (local.get $a) (local.get $b) (local.get $out) (i32.const 1))))
          (br_if $slow (i32.ne (local.get $op) (local.get $code)))
          (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
          (return (call $cmp (local.get $a) (local.get $b))))
      ;; an unknown operation code: the simple path reports it
      )
    (call $slow (local.get $op) (local.get $a) (local.get $b) (local.get $out)))
)`;
}

let compiled: WebAssembly.Module | undefined;

/** The fast accelerator module, compiled once per process. */
function fastAccelModule(): WebAssembly.Module {
  if (!compiled) {
    const module = binaryen.parseText(fastAccelText());
    try {
      if (!module.validate()) throw new Error('oracle bug: the fast accelerator module does not validate');
      compiled = new WebAssembly.Module(module.emitBinary() as Uint8Array<ArrayBuffer>);
    } finally {
      module.dispose();
    }
  }
  return compiled;
}

/** Instantiates the fast path over `memory`; `slow` is the simple path (the host imports). */
export function instantiateFastAccel(memory: WebAssembly.Memory, slow: SlowAccel): FastAccel {
  const instance = new WebAssembly.Instance(fastAccelModule(), { env: { memory }, host: { slow: slow.u256_op, slowKeccak: slow.keccak_f } });
  return instance.exports as unknown as FastAccel;
}

/** v128.or of the values, as a balanced tree (so the ORs do not wait on one another). */
function orTree(values: string[]): string {
  while (values.length > 1) values = range(values.length / 2).map((i) => `(v128.or ${values[2 * i]} ${values[2 * i + 1]})`);
  return values[0];
}

/** The scrubber's text: zero every 4 KiB page of [0, end) that holds a nonzero byte (checked 256 bytes at a time); returns how many it zeroed. */
const SCRUB_TEXT = `(module
  (import "env" "memory" (memory 0))
  (func (export "scrub") (param $end i32) (result i32)
    (local $p i32) (local $q i32) (local $n i32)
    (block $done
      (loop $page
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $q (local.get $p))
        (block $dirty
          (loop $chunk
            (br_if $dirty (v128.any_true ${orTree(range(16).map((i) => `(v128.load offset=${16 * i} (local.get $q))`))}))
            (local.set $q (i32.add (local.get $q) (i32.const 256)))
            (br_if $chunk (i32.and (local.get $q) (i32.const 4095))))
          (local.set $p (i32.add (local.get $p) (i32.const 4096)))
          (br $page))
        (memory.fill (local.get $p) (i32.const 0) (i32.const 4096))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $p (i32.add (local.get $p) (i32.const 4096)))
        (br $page)))
    (local.get $n))
)`;

let scrubCompiled: WebAssembly.Module | undefined;

/**
 * A function that zeroes `memory` again (every page that holds a nonzero byte; a whole page count of
 * bytes), so a finished run's memory can serve the next run as if new: reading the untouched pages
 * costs about a millisecond per 64 MiB, far less than the garbage collections a new 64 MiB memory per
 * run brings on (V8 counts it as external memory pressure). Returns the number of pages it zeroed.
 */
export function memoryScrubber(memory: WebAssembly.Memory): () => number {
  if (!scrubCompiled) {
    const module = binaryen.parseText(SCRUB_TEXT);
    try {
      module.setFeatures(binaryen.Features.SIMD128 | binaryen.Features.BulkMemory | binaryen.Features.BulkMemoryOpt);
      if (!module.validate()) throw new Error('oracle bug: the memory scrubber module does not validate');
      scrubCompiled = new WebAssembly.Module(module.emitBinary() as Uint8Array<ArrayBuffer>);
    } finally {
      module.dispose();
    }
  }
  const scrub = new WebAssembly.Instance(scrubCompiled, { env: { memory } }).exports.scrub as (end: number) => number;
  return () => scrub(memory.buffer.byteLength);
}

/** The guest's memory limits, and its bytes rewritten to import that memory as env.memory (null when it has none to rewrite). */
export function importGuestMemory(wasm: Uint8Array): { wasm: Uint8Array; initial: number; maximum: number } | null {
  const module = binaryen.readBinary(wasm);
  try {
    if (!module.hasMemory()) return null;
    const info = module.getMemoryInfo();
    if (info.module || info.shared || info.is64) return null;
    const internal = (info as { name?: string }).name ?? '0';
    module.addMemoryImport(internal, 'env', 'memory');
    const maximum = info.max ?? info.initial;
    return { wasm: module.emitBinary(), initial: info.initial, maximum };
  } finally {
    module.dispose();
  }
}
