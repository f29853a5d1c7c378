// The native runner's fast accelerators: u256_op and keccak_f as WebAssembly functions sharing the
// guest's linear memory, so a guest's 256-bit operations and keccak-f permutations cost a
// wasm-to-wasm call instead of a call into JavaScript (an ecrecover makes ~6,000 u256 operations:
// Montgomery products, modular additions and subtractions). Same semantics as oracle/zk-calls.ts,
// which stays the simple path: any call the fast path does not handle exactly (an unknown op word, a
// misaligned or out-of-bounds operand, modular operands outside the definition) goes to it, so errors
// read the same. test/native-accel.test.ts checks the two paths agree on seeded random operands.
// Also here: the scrubber that zeroes a finished run's memory so the next run can reuse it.
//
// To share the memory, the guest module is rewritten once (memory-import.ts) to import its memory as
// env.memory instead of defining it; the host creates that memory with the guest's own limits.
// Both modules here are text that Binaryen makes into binaries the first time; the build cache keeps
// them (wasm-cache.ts), so that native runs do not load Binaryen.
import { keccakRoundConstant } from '../emulator/accel/keccak';
import { U256_MOD_OPERATIONS, U256_MONT_MUL_OPERATIONS } from './accelerators/weights';
import { U256_CARRY_IN, U256_MODULUS_MASK, U256_OP } from '../toolchain/wasm/abi';
import { cachedBinaries } from './wasm-cache';

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

/** secp256k1's group order n, 8 little-endian words: the modulus of the scalar Montgomery products (u1, u2 = r⁻¹·(-z), r⁻¹·s). */
export const SECP256K1_N_WORDS = [0xd0364141, 0xbfd25e8c, 0xaf48a03b, 0xbaaedce6, 0xfffffffe, 0xffffffff, 0xffffffff, 0xffffffff] as const;

/** c = 2^256 - m as little-endian words (up to its last nonzero one), for a modulus m close below 2^256. */
export function complementWords(m: readonly number[]): number[] {
  let value = 0n;
  for (let k = 7; k >= 0; k--) value = (value << 32n) | BigInt(m[k]! >>> 0);
  let c = (1n << 256n) - value;
  const words: number[] = [];
  while (c > 0n) {
    words.push(Number(c & 0xffffffffn));
    c >>= 32n;
  }
  return words;
}

/** x^-1 mod 2^32 for odd x (Newton: x is right mod 2^3, each step doubles the bits). */
function inverse32(x: number): number {
  let inverse = x;
  for (let i = 0; i < 5; i++) inverse = Math.imul(inverse, 2 - Math.imul(x, inverse)) >>> 0;
  return inverse;
}

/** A balanced tree of i64.add over the expressions (so the additions do not wait on one another); 0 for none. */
function sumTree(values: string[]): string {
  if (values.length === 0) return '(i64.const 0)';
  while (values.length > 1) {
    const next: string[] = [];
    for (let i = 0; i + 1 < values.length; i += 2) next.push(`(i64.add ${values[i]} ${values[i + 1]})`);
    if (values.length % 2) next.push(values[values.length - 1]!);
    values = next;
  }
  return values[0]!;
}

/**
 * The end of a Montgomery product mod m = 2^256 - c (c: words): from t0..t7 and t8 (t < 2m), stores
 * t mod m at out. t ≥ m exactly when t8 = 1 or t + c carries out of 256 bits, and then t - m is
 * t + c mod 2^256: the sum's carry chain, then a branch-free choice word by word.
 */
function finalCorrection(lines: string[], c: readonly number[]): void {
  for (let j = 0; j < 8; j++) {
    let sum = j === 0 ? '(local.get $t0)' : `(i64.add (local.get $t${j}) (i64.shr_u (local.get $s) (i64.const 32)))`;
    if (j < c.length && c[j] !== 0) sum = `(i64.add ${sum} (i64.const ${c[j]}))`;
    lines.push(`(local.set $s ${sum})`, `(local.set $d${j} (i64.and (local.get $s) (i64.const 0xffffffff)))`);
  }
  lines.push('(local.set $keep (i32.wrap_i64 (i64.or (local.get $t8) (i64.shr_u (local.get $s) (i64.const 32)))))');
  for (let j = 0; j < 8; j++) {
    lines.push(`(i64.store32 offset=${4 * j} (local.get $out) (select (local.get $d${j}) (local.get $t${j}) (local.get $keep)))`);
  }
}

/**
 * The Montgomery square a·a·2^-256 mod m = 2^256 - c for a short c (secp256k1's p: c = 2^32 + 977,
 * two words; its n: c ≈ 2^128.3, five words) — the same result as montCode's for that m, with fewer
 * products and a shorter chain of dependent operations. Each column of a·a is summed on its own, as
 * two balanced trees (S_k the low halves of the products, each a_i·a_j, i < j, once and doubled, plus
 * a_i² in even columns; H_k their high halves, which belong to column k+1), independent of all
 * carries; the column sums are emitted one column ahead of the reduction, which is the one serial
 * pass: with q_k·m = q_k·2^256 - q_k·c, column k takes the carry, S_k + H_(k-1), the terms -q_i·c_(k-i)
 * of the earlier q_i (a word c_j = 1 is q_i itself, a small c_j's product is taken whole, a large
 * one's high half goes to the next column) and +q_(k-8); for k < 8, q_k = column·c_0^-1 mod 2^32
 * (m ≡ -c_0 mod 2^32), and since q_k·c_0 ≡ column mod 2^32, subtracting it leaves the carry column >> 32
 * less the product's high half. Words and carries may be negative on the way (carries are arithmetic
 * shifts: floor division keeps every word exact); the total (a·a + q·m) / 2^256 = t is below 2m, so
 * t8 is 0 or 1 (finalCorrection). For p 16 reduction products instead of 72, for n 40. (For a·b the
 * same structure measured no faster than montCodeShortSerial's, and slower in microbenchmarks: 16
 * operand limbs and 64 products do not fit the registers.)
 */
function montSquareShort(mWords: readonly number[]): string[] {
  const c = complementWords(mWords);
  if (c.length > 7 || c[0]! % 2 === 0) throw new Error('oracle bug: montSquareShort needs an odd m = 2^256 - c with c below 2^224');
  const lines: string[] = [];
  const get = (x: string) => `(local.get $${x})`;
  const mask = (x: string) => `(i64.and ${x} (i64.const 0xffffffff))`;
  const high = (x: string) => `(i64.shr_u ${x} (i64.const 32))`;
  // the column sums of a·a, each emitted one column ahead of its reduction step
  const columnSums = (k: number) => {
    const pairs: [number, number][] = [];
    for (let i = Math.max(0, k - 7); i < k - i; i++) pairs.push([i, k - i]);
    const named = pairs.map(([i, j], n) => {
      lines.push(`(local.set $x${n} (i64.mul ${get(`a${i}`)} ${get(`a${j}`)}))`);
      return `x${n}`;
    });
    // the cross products a_i·a_j (i < j) once, doubled; the square a_i·a_i of an even column
    let lo = pairs.length ? `(i64.shl ${sumTree(named.map((x) => mask(get(x))))} (i64.const 1))` : '(i64.const 0)';
    let hi = pairs.length ? `(i64.shl ${sumTree(named.map((x) => high(get(x))))} (i64.const 1))` : '(i64.const 0)';
    if (k % 2 === 0) {
      lines.push(`(local.set $x8 (i64.mul ${get(`a${k / 2}`)} ${get(`a${k / 2}`)}))`);
      lo = `(i64.add ${lo} ${mask(get('x8'))})`;
      hi = `(i64.add ${hi} ${high(get('x8'))})`;
    }
    lines.push(`(local.set $S${k} ${lo})`, `(local.set $H${k} ${hi})`);
  };
  // the reduction, column by column
  const inverse = inverse32(c[0]!); // c_0^-1 mod 2^32 (= -m^-1 mod 2^32)
  const big = (cj: number) => cj >= 1 << 20;
  /** the terms of q_i landing in column k, to subtract: the low part of q_i·c_(k-i), the high half of q_i·c_(k-1-i) */
  const qTerms = (i: number, k: number): string[] => {
    const terms: string[] = [];
    const j = k - i;
    if (j >= 1 && j < c.length && c[j] !== 0) {
      const cj = c[j]!;
      terms.push(cj === 1 ? get(`q${i}`) : big(cj) ? mask(`(i64.mul ${get(`q${i}`)} (i64.const ${cj}))`) : `(i64.mul ${get(`q${i}`)} (i64.const ${cj}))`);
    }
    if (j - 1 >= 0 && j - 1 < c.length && (j - 1 === 0 || big(c[j - 1]!))) terms.push(high(`(i64.mul ${get(`q${i}`)} (i64.const ${c[j - 1]}))`));
    return terms;
  };
  columnSums(0);
  for (let k = 0; k < 16; k++) {
    if (k + 1 < 16) columnSums(k + 1);
    // off the chain: the products, q_(k-8), the terms of q_i for i ≤ k-2
    const plus = [get(`S${k}`), ...(k > 0 ? [get(`H${k - 1}`)] : []), ...(k >= 8 ? [get(`q${k - 8}`)] : [])];
    const minus: string[] = [];
    for (let i = Math.max(0, k - c.length); i <= Math.min(7, k - 2); i++) minus.push(...qTerms(i, k));
    let offChain = sumTree(plus);
    if (minus.length) offChain = `(i64.sub ${offChain} ${sumTree(minus)})`;
    // on the chain: the carry, the terms of q_(k-1)
    let column = k === 0 ? offChain : `(i64.add (i64.shr_s ${get('L')} (i64.const 32)) ${offChain})`;
    const last = k >= 1 && k - 1 <= 7 ? qTerms(k - 1, k) : [];
    if (last.length) column = `(i64.sub ${column} ${sumTree(last)})`;
    lines.push(`(local.set $L ${column})`);
    if (k < 8) lines.push(`(local.set $q${k} ${mask(`(i64.mul ${get('L')} (i64.const ${inverse}))`)})`);
    else lines.push(`(local.set $t${k - 8} ${mask(get('L'))})`);
  }
  lines.push(`(local.set $t8 (i64.shr_s ${get('L')} (i64.const 32)))`);
  finalCorrection(lines, c);
  return lines;
}

/**
 * The Montgomery product a·b·2^-256 mod m = 2^256 - c for a short c (montSquareShort's moduli), column
 * by column as montCode: the products summed into the running column (lo, and hi for their high
 * halves), then the reduction terms of the q_i known so far — -q_i·c_(k-i) (a word c_j = 1 is q_i
 * itself, a small c_j's product is taken whole, a large one split into its halves for this column and
 * the next) and +q_(k-8) — and, for k < 8, q_k = column·c_0^-1 mod 2^32 and its term -q_k·c_0, which
 * zeroes the column's low word. lo is signed, carries are arithmetic shifts (floor division keeps every
 * word exact). For p 16 reduction products instead of 72, for n 40; then finalCorrection.
 */
function montCodeShortSerial(mWords: readonly number[]): string[] {
  const c = complementWords(mWords);
  const lines: string[] = [];
  const mask = (x: string) => `(i64.and ${x} (i64.const 0xffffffff))`;
  const addProduct = (x: string, y: string) =>
    lines.push(
      `(local.set $p (i64.mul ${x} ${y}))`,
      `(local.set $lo (i64.add (local.get $lo) ${mask('(local.get $p)')}))`,
      `(local.set $hi (i64.add (local.get $hi) (i64.shr_u (local.get $p) (i64.const 32))))`,
    );
  /** lo -= q·c_j (a small product whole, a large one split into its halves for this column and the next) */
  const subTerm = (q: string, cj: number) => {
    if (cj === 0) return;
    if (cj === 1) lines.push(`(local.set $lo (i64.sub (local.get $lo) ${q}))`);
    else if (cj < 1 << 20) lines.push(`(local.set $lo (i64.sub (local.get $lo) (i64.mul ${q} (i64.const ${cj}))))`);
    else
      lines.push(
        `(local.set $p (i64.mul ${q} (i64.const ${cj})))`,
        `(local.set $lo (i64.sub (local.get $lo) ${mask('(local.get $p)')}))`,
        `(local.set $hi (i64.sub (local.get $hi) (i64.shr_u (local.get $p) (i64.const 32))))`,
      );
  };
  const inverse = inverse32(c[0]!);
  lines.push('(local.set $lo (i64.const 0))', '(local.set $hi (i64.const 0))');
  for (let k = 0; k < 16; k++) {
    for (let i = Math.max(0, k - 7); i <= Math.min(7, k); i++) addProduct(`(local.get $a${i})`, `(local.get $b${k - i})`);
    for (let i = Math.max(0, k - c.length + 1); i <= Math.min(7, k - 1); i++) subTerm(`(local.get $q${i})`, c[k - i]!);
    if (k >= 8) lines.push(`(local.set $lo (i64.add (local.get $lo) (local.get $q${k - 8})))`);
    if (k < 8) {
      lines.push(`(local.set $q${k} ${mask(`(i64.mul (local.get $lo) (i64.const ${inverse}))`)})`);
      subTerm(`(local.get $q${k})`, c[0]!);
    } else lines.push(`(local.set $t${k - 8} ${mask('(local.get $lo)')})`);
    lines.push('(local.set $lo (i64.add (i64.shr_s (local.get $lo) (i64.const 32)) (local.get $hi)))', '(local.set $hi (i64.const 0))');
  }
  lines.push('(local.set $t8 (local.get $lo))');
  finalCorrection(lines, c);
  return lines;
}

/**
 * $mp = -m^-1 mod 2^32 for the modulus in $m0..: computed by Newton's iteration when m's low word
 * differs from the last one seen (kept in the globals $m0, $mp), else the kept value.
 */
const MONT_FACTOR = `(if (i32.ne (i32.wrap_i64 (local.get $m0)) (global.get $m0))
      (then
        ;; Newton: x = m0 is m0^-1 mod 2^3, each step doubles the bits (3, 6, 12, 24, 48)
        (local.set $x (i32.wrap_i64 (local.get $m0)))
        ${range(4).map(() => '(local.set $x (i32.mul (local.get $x) (i32.sub (i32.const 2) (i32.mul (i32.wrap_i64 (local.get $m0)) (local.get $x)))))').join('\n        ')}
        (global.set $m0 (i32.wrap_i64 (local.get $m0)))
        (global.set $mp (i64.extend_i32_u (i32.sub (i32.const 0) (local.get $x))))))
    (local.set $mp (global.get $mp))`;

/** The locals montSquareShort uses besides the montLocals. */
const SHORT_LOCALS = [...range(16).map((k) => `(local $S${k} i64) (local $H${k} i64)`), ...range(9).map((n) => `(local $x${n} i64)`), '(local $L i64)'].join(' ');

/**
 * keccak-f[1600] on 25 i64 locals (lane x + 5y at byte 8(x + 5y): the 50 little-endian words are the
 * lanes little-endian), the 24 rounds unrolled: θ, ρ and π (offsets and positions from FIPS 202's walk,
 * derived here), χ, ι (round constants from emulator/accel/keccak.ts, which derives them from its LFSR).
 */
function keccakCode(): string[] {
  const rc = range(24).map(keccakRoundConstant);
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

/** The moduli with their own reduction (montCodeShortSerial, montSquareShort), by the name of their functions ($montp, $montpsq, $isP, ...). */
const SHORT_MODULI: readonly (readonly [string, readonly number[]])[] = [
  ['p', SECP256K1_P_WORDS],
  ['n', SECP256K1_N_WORDS],
];

/** An i32 expression: 1 when the 8 words at local `at` are `words` (compared as four 64-bit loads). */
function isWords(at: string, words: readonly number[]): string {
  const pairs = range(4).map((k) => BigInt.asIntN(64, (BigInt(words[2 * k + 1]! >>> 0) << 32n) | BigInt(words[2 * k]! >>> 0)));
  return pairs.reduce<string>((acc, w, k) => `(i32.and ${acc} (i64.eq (i64.load offset=${8 * k} (local.get $${at})) (i64.const ${w})))`, '(i32.const 1)');
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
    ${MONT_FACTOR}
    ${montCode(false).join('\n    ')})
  ;; a·a·2^-256 mod m for odd m, a < m (the caller checked)
  (func $montsq (param $a i32) (param $m i32) (param $out i32)
    (local $c i64) (local $s i64) (local $p i64) (local $lo i64) (local $hi i64) (local $lo2 i64) (local $hi2 i64) (local $mp i64) (local $x i32) (local $keep i32)
    ${montLocals}
    ${range(8).map((k) => `(local.set $a${k} ${load('a', k)}) (local.set $m${k} ${load('m', k)})`).join('\n    ')}
    ${MONT_FACTOR}
    ${montCode(true).join('\n    ')})
  ;; a·b·2^-256 mod m and a·a·2^-256 mod m for secp256k1's p and n (the caller checked m, a, b < m)
  ${SHORT_MODULI
    .map(
      ([name, words]) => `(func $mont${name} (param $a i32) (param $b i32) (param $out i32)
    (local $c i64) (local $s i64) (local $p i64) (local $lo i64) (local $hi i64) (local $keep i32) ${montLocals}
    ${range(8).map((k) => `(local.set $a${k} ${load('a', k)}) (local.set $b${k} ${load('b', k)})`).join('\n    ')}
    ${montCodeShortSerial(words).join('\n    ')})
  (func $mont${name}sq (param $a i32) (param $out i32)
    (local $s i64) (local $keep i32) ${montLocals} ${SHORT_LOCALS}
    ${range(8).map((k) => `(local.set $a${k} ${load('a', k)})`).join('\n    ')}
    ${montSquareShort(words).join('\n    ')})
  ;; 1 when the 8 words at m are ${name} (as four 64-bit words)
  (func $is${name.toUpperCase()} (param $m i32) (result i32)
    ${isWords('m', words)})`,
    )
    .join('\n  ')}
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
            (then (br_if $slow (i32.ge_s (call $cmp (local.get $a) (local.get $m)) (i32.const 0)))))
          (if (i32.ge_u (i32.load offset=28 (local.get $b)) (i32.load offset=28 (local.get $m)))
            (then (br_if $slow (i32.ge_s (call $cmp (local.get $b) (local.get $m)) (i32.const 0)))))
          (if (i32.eq (local.get $code) (i32.const ${U256_OP.MONT_MUL}))
            (then
              (br_if $slow (i32.eqz (i32.and (i32.load (local.get $m)) (i32.const 1))))
              (global.set $calls (i32.add (global.get $calls) (i32.const ${U256_MONT_MUL_OPERATIONS})))
              ${SHORT_MODULI.map(
                ([name]) => `(if (call $is${name.toUpperCase()} (local.get $m))
                (then
                  (if (i32.eq (local.get $a) (local.get $b))
                    (then (call $mont${name}sq (local.get $a) (local.get $out)))
                    (else (call $mont${name} (local.get $a) (local.get $b) (local.get $out))))
                  (return (i32.const 0))))`,
              ).join('\n              ')}
              (if (i32.eq (local.get $a) (local.get $b))
                (then (call $montsq (local.get $a) (local.get $m) (local.get $out)))
                (else (call $mont (local.get $a) (local.get $b) (local.get $m) (local.get $out))))
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
  compiled ??= new WebAssembly.Module(binaries[0] as Uint8Array<ArrayBuffer>);
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
  scrubCompiled ??= new WebAssembly.Module(binaries[1] as Uint8Array<ArrayBuffer>);
  const scrub = new WebAssembly.Instance(scrubCompiled, { env: { memory } }).exports.scrub as (end: number) => number;
  return () => scrub(memory.buffer.byteLength);
}

/**
 * The two modules' binaries, made when this module loads: from the build cache, or by binaryen the
 * first time (wasm-cache.ts), before any run needs them (a native run is synchronous).
 */
const binaries = await cachedBinaries([
  { name: 'fast-accel', text: fastAccelText(), inline: true },
  { name: 'scrub', text: SCRUB_TEXT, simd: true },
]);
