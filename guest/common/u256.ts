// 256-bit unsigned integers as 8 little-endian u32 limbs in raw memory (32 bytes, 4-byte aligned),
// with the EVM's arithmetic, comparison, bitwise and shift operations. AssemblyScript; see README.md.
//
// Representation: a number is a pointer (usize) to 32 bytes; functions take (out, a, b, ...) and
// never allocate. `out` may alias any operand. The EVM stack is then one flat region of 32-byte slots.
import { u256Add, u256Sub, u256MulLo, u256MulHi } from "../lib/accel";

export const U256_BYTES: usize = 32;

// scratch: T1/T2 for aliasing-safe results, WIDE for a 512-bit product, digit arrays for division
const T1: usize = memory.data(32, 16);
const T2: usize = memory.data(32, 16);
const T3: usize = memory.data(32, 16);
const WIDE: usize = memory.data(64, 16);
/** division works on 16-bit digits, one per u32: numerator up to 33 digits, divisor up to 16 */
const UN: usize = memory.data(34 * 4, 16);
const VN: usize = memory.data(16 * 4, 16);
const QD: usize = memory.data(33 * 4, 16);

// ---- construction and conversion ----

export function setZero(out: usize): void {
  memory.fill(out, 0, 32);
}

export function setU64(out: usize, v: u64): void {
  store<u64>(out, v);
  store<u64>(out, 0, 8);
  store<u64>(out, 0, 16);
  store<u64>(out, 0, 24);
}

export function copy(out: usize, a: usize): void {
  if (out != a) memory.copy(out, a, 32);
}

/** out = the 32 big-endian bytes at `src` (any alignment). */
export function fromBytesBE(out: usize, src: usize): void {
  fromBytesBEPartial(out, src, 32);
}

/** out = the `len` (≤ 32) big-endian bytes at `src`, zero-extended on the left (PUSHn). */
export function fromBytesBEPartial(out: usize, src: usize, len: usize): void {
  if (out == src) {
    memory.copy(T3, src, len);
    src = T3;
  }
  for (let i: usize = 0; i < 32; i++) store<u8>(out + i, i < len ? load<u8>(src + len - 1 - i) : 0);
}

/** Writes `a` as 32 big-endian bytes at `dst` (any alignment). */
export function toBytesBE(dst: usize, a: usize): void {
  if (dst == a) {
    copy(T3, a);
    a = T3;
  }
  for (let i: usize = 0; i < 32; i++) store<u8>(dst + i, load<u8>(a + 31 - i));
}

// ---- predicates and comparisons ----

export function isZero(a: usize): bool {
  return (load<u64>(a) | load<u64>(a, 8) | load<u64>(a, 16) | load<u64>(a, 24)) == 0;
}

/** a < 2^64 */
export function fitsU64(a: usize): bool {
  return (load<u64>(a, 8) | load<u64>(a, 16) | load<u64>(a, 24)) == 0;
}

/** The low 64 bits. */
export function lowU64(a: usize): u64 {
  return load<u64>(a);
}

export function eq(a: usize, b: usize): bool {
  return load<u64>(a) == load<u64>(b) && load<u64>(a, 8) == load<u64>(b, 8) &&
    load<u64>(a, 16) == load<u64>(b, 16) && load<u64>(a, 24) == load<u64>(b, 24);
}

/** -1, 0 or 1 as a <, =, > b (unsigned). */
export function cmp(a: usize, b: usize): i32 {
  for (let i: i32 = 28; i >= 0; i -= 4) {
    const x = load<u32>(a + <usize>i);
    const y = load<u32>(b + <usize>i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

export function lt(a: usize, b: usize): bool {
  return cmp(a, b) < 0;
}

export function gt(a: usize, b: usize): bool {
  return cmp(a, b) > 0;
}

/** the sign bit (two's complement) */
export function isNegative(a: usize): bool {
  return (load<u32>(a, 28) >> 31) != 0;
}

/** signed a < b (two's complement) */
export function slt(a: usize, b: usize): bool {
  const na = isNegative(a);
  if (na != isNegative(b)) return na;
  return cmp(a, b) < 0;
}

export function sgt(a: usize, b: usize): bool {
  return slt(b, a);
}

/** Number of significant bits (0 for 0). */
export function bitLength(a: usize): u32 {
  for (let i: i32 = 7; i >= 0; i--) {
    const w = load<u32>(a + (<usize>i << 2));
    if (w != 0) return (<u32>i << 5) + 32 - clz<u32>(w);
  }
  return 0;
}

/** Leading zero bits (256 for 0). */
export function leadingZeros(a: usize): u32 {
  return 256 - bitLength(a);
}

/** Number of significant bytes (0 for 0), as in EXP's gas. */
export function byteLength(a: usize): u32 {
  return (bitLength(a) + 7) >> 3;
}

/** Bit `i` (< 256). */
export function testBit(a: usize, i: u32): bool {
  return ((load<u32>(a + (<usize>(i >> 5) << 2)) >> (i & 31)) & 1) != 0;
}

// ---- arithmetic (mod 2^256) ----

/** out = a + b; returns the carry. */
export function add(out: usize, a: usize, b: usize): u32 {
  return u256Add(out, a, b);
}

/** out = a - b; returns the borrow. */
export function sub(out: usize, a: usize, b: usize): u32 {
  return u256Sub(out, a, b);
}

/** out = a * b mod 2^256. */
export function mul(out: usize, a: usize, b: usize): void {
  u256MulLo(out, a, b);
}

/** out = -a mod 2^256. */
export function neg(out: usize, a: usize): void {
  setZero(T3);
  u256Sub(out, T3, a);
}

// ---- division: Knuth's algorithm D on 16-bit digits (every step fits u32, so rv32 uses divu) ----

/** Loads `words` u32 limbs at `src` as 16-bit digits into `dst`; returns the significant digit count. */
function toDigits(dst: usize, src: usize, words: usize): usize {
  const n = words << 1;
  let top: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    const d = <u32>load<u16>(src + (i << 1));
    store<u32>(dst + (i << 2), d);
    if (d != 0) top = i + 1;
  }
  return top;
}

/** Digits → `words` u32 limbs at `dst`, zero above `count`. */
function fromDigits(dst: usize, src: usize, count: usize, words: usize): void {
  const n = words << 1;
  for (let i: usize = 0; i < n; i++) store<u16>(dst + (i << 1), i < count ? <u16>load<u32>(src + (i << 2)) : 0);
}

/**
 * Divides the `uWords`-limb number at `u` by the 8-limb `v`: quotient (low 8 limbs) to `q` and
 * remainder to `r` when non-zero pointers. v = 0 gives q = 0, r = 0 (EVM). Outputs may alias inputs.
 */
function divWide(q: usize, r: usize, u: usize, uWords: usize, v: usize): void {
  const n = toDigits(VN, v, 8);
  if (n == 0) {
    if (q) setZero(q);
    if (r) setZero(r);
    return;
  }
  const m = toDigits(UN, u, uWords);
  if (m < n) {
    // quotient 0, remainder u (which then fits 256 bits)
    if (r) fromDigits(r, UN, m, 8);
    if (q) setZero(q);
    return;
  }
  const qDigits = m - n + 1;
  if (n == 1) {
    const d = load<u32>(VN);
    let rem: u32 = 0;
    for (let j = <isize>m - 1; j >= 0; j--) {
      const num = (rem << 16) | load<u32>(UN + (<usize>j << 2));
      store<u32>(QD + (<usize>j << 2), num / d);
      rem = num % d;
    }
    if (q) fromDigits(q, QD, min(qDigits, 16), 8);
    if (r) setU64(r, <u64>rem);
    return;
  }
  // normalise so the divisor's top digit has its high bit set
  const s = clz<u32>(load<u32>(VN + ((n - 1) << 2))) - 16;
  for (let i = <isize>n - 1; i > 0; i--) {
    const hi = load<u32>(VN + (<usize>i << 2));
    const lo = load<u32>(VN + (<usize>(i - 1) << 2));
    store<u32>(VN + (<usize>i << 2), ((hi << s) | (lo >> (16 - s))) & 0xffff);
  }
  store<u32>(VN, (load<u32>(VN) << s) & 0xffff);
  store<u32>(UN + (m << 2), load<u32>(UN + ((m - 1) << 2)) >> (16 - s));
  for (let i = <isize>m - 1; i > 0; i--) {
    const hi = load<u32>(UN + (<usize>i << 2));
    const lo = load<u32>(UN + (<usize>(i - 1) << 2));
    store<u32>(UN + (<usize>i << 2), ((hi << s) | (lo >> (16 - s))) & 0xffff);
  }
  store<u32>(UN, (load<u32>(UN) << s) & 0xffff);

  const vTop = load<u32>(VN + ((n - 1) << 2));
  const vNext = load<u32>(VN + ((n - 2) << 2));
  for (let j = <isize>(m - n); j >= 0; j--) {
    const at = UN + (<usize>j << 2);
    const num = (load<u32>(at + (n << 2)) << 16) | load<u32>(at + ((n - 1) << 2));
    let qhat = num / vTop;
    let rhat = num - qhat * vTop;
    while (qhat >= 0x10000 || qhat * vNext > ((rhat << 16) | load<u32>(at + ((n - 2) << 2)))) {
      qhat--;
      rhat += vTop;
      if (rhat >= 0x10000) break;
    }
    // multiply and subtract qhat * v from the digits at `at`
    let carry: u32 = 0;
    let borrow: i32 = 0;
    for (let i: usize = 0; i < n; i++) {
      const p = qhat * load<u32>(VN + (i << 2)) + carry;
      carry = p >> 16;
      const t = <i32>load<u32>(at + (i << 2)) - <i32>(p & 0xffff) + borrow;
      store<u32>(at + (i << 2), <u32>t & 0xffff);
      borrow = t >> 16;
    }
    const t = <i32>load<u32>(at + (n << 2)) - <i32>carry + borrow;
    store<u32>(at + (n << 2), <u32>t & 0xffff);
    if (t < 0) {
      // qhat was one too large: add the divisor back
      qhat--;
      let c: u32 = 0;
      for (let i: usize = 0; i < n; i++) {
        const sum = load<u32>(at + (i << 2)) + load<u32>(VN + (i << 2)) + c;
        store<u32>(at + (i << 2), sum & 0xffff);
        c = sum >> 16;
      }
      store<u32>(at + (n << 2), (load<u32>(at + (n << 2)) + c) & 0xffff);
    }
    store<u32>(QD + (<usize>j << 2), qhat);
  }
  if (q) fromDigits(q, QD, min(qDigits, 16), 8);
  if (r) {
    for (let i: usize = 0; i < n; i++) {
      const lo = load<u32>(UN + (i << 2));
      const hi = load<u32>(UN + ((i + 1) << 2));
      store<u32>(UN + (i << 2), ((lo >> s) | (hi << (16 - s))) & 0xffff);
    }
    fromDigits(r, UN, n, 8);
  }
}

/** q = a / b, r = a % b (unsigned; either pointer may be 0; b = 0 gives 0, 0). */
export function divmod(q: usize, r: usize, a: usize, b: usize): void {
  divWide(q, r, a, 8, b);
}

/** out = a / b (unsigned, 0 when b = 0). */
export function div(out: usize, a: usize, b: usize): void {
  divWide(out, 0, a, 8, b);
}

/** out = a % b (unsigned, 0 when b = 0). */
export function mod(out: usize, a: usize, b: usize): void {
  divWide(0, out, a, 8, b);
}

/** out = a / b, two's complement, truncating (EVM SDIV: x/0 = 0, INT_MIN / -1 = INT_MIN). */
export function sdiv(out: usize, a: usize, b: usize): void {
  const na = isNegative(a);
  const nb = isNegative(b);
  if (na) neg(T1, a);
  else copy(T1, a);
  if (nb) neg(T2, b);
  else copy(T2, b);
  divWide(out, 0, T1, 8, T2);
  if (na != nb) neg(out, out);
}

/** out = a % b, two's complement, the sign of a (EVM SMOD; x % 0 = 0). */
export function smod(out: usize, a: usize, b: usize): void {
  const na = isNegative(a);
  if (na) neg(T1, a);
  else copy(T1, a);
  if (isNegative(b)) neg(T2, b);
  else copy(T2, b);
  divWide(0, out, T1, 8, T2);
  if (na) neg(out, out);
}

/** out = (a + b) % m with the 257-bit sum (EVM ADDMOD; 0 when m = 0). */
export function addmod(out: usize, a: usize, b: usize, m: usize): void {
  const carry = u256Add(WIDE, a, b);
  store<u32>(WIDE, carry, 32);
  divWide(0, out, WIDE, 9, m);
}

/** out = (a * b) % m with the 512-bit product (EVM MULMOD; 0 when m = 0). */
export function mulmod(out: usize, a: usize, b: usize, m: usize): void {
  mulWide(WIDE, a, b);
  divWide(0, out, WIDE, 16, m);
}

/** The full 512-bit product a * b to the 16 limbs at `out` (out must not overlap a or b). */
export function mulWide(out: usize, a: usize, b: usize): void {
  u256MulHi(out + 32, a, b);
  u256MulLo(out, a, b);
}

/** out = the `words`-limb number at `wide` mod m (m ≠ 0; 0 when m = 0). */
export function modWide(out: usize, wide: usize, words: usize, m: usize): void {
  divWide(0, out, wide, words, m);
}

/** out = base ^ e mod 2^256 (EVM EXP), square-and-multiply from the top bit. */
export function exp(out: usize, base: usize, e: usize): void {
  copy(T1, base);
  setU64(T2, 1);
  for (let i = <i32>bitLength(e) - 1; i >= 0; i--) {
    u256MulLo(T2, T2, T2);
    if (testBit(e, <u32>i)) u256MulLo(T2, T2, T1);
  }
  copy(out, T2);
}

// ---- bitwise ----

export function and(out: usize, a: usize, b: usize): void {
  for (let i: usize = 0; i < 32; i += 8) store<u64>(out + i, load<u64>(a + i) & load<u64>(b + i));
}

export function or(out: usize, a: usize, b: usize): void {
  for (let i: usize = 0; i < 32; i += 8) store<u64>(out + i, load<u64>(a + i) | load<u64>(b + i));
}

export function xor(out: usize, a: usize, b: usize): void {
  for (let i: usize = 0; i < 32; i += 8) store<u64>(out + i, load<u64>(a + i) ^ load<u64>(b + i));
}

export function not(out: usize, a: usize): void {
  for (let i: usize = 0; i < 32; i += 8) store<u64>(out + i, ~load<u64>(a + i));
}

/** EVM BYTE: out = byte `i` of x counted from the most significant (0 when i ≥ 32). */
export function byte(out: usize, i: usize, x: usize): void {
  const b: u32 = fitsU64(i) && lowU64(i) < 32 ? <u32>load<u8>(x + 31 - <usize>lowU64(i)) : 0;
  setU64(out, <u64>b);
}

/** The shift count of an EVM shift operand, clamped to 256. */
function shiftCount(shift: usize): u32 {
  return fitsU64(shift) && lowU64(shift) < 256 ? <u32>lowU64(shift) : 256;
}

/** out = a << n (n ≥ 256 gives 0). */
export function shlBits(out: usize, a: usize, n: u32): void {
  if (n >= 256) {
    setZero(out);
    return;
  }
  const limbs = <isize>(n >> 5);
  const bits = n & 31;
  copy(T3, a);
  for (let i: isize = 7; i >= 0; i--) {
    const src = i - limbs;
    let w: u32 = 0;
    if (src >= 0) {
      w = load<u32>(T3 + (<usize>src << 2)) << bits;
      if (bits != 0 && src > 0) w |= load<u32>(T3 + (<usize>(src - 1) << 2)) >> (32 - bits);
    }
    store<u32>(out + (<usize>i << 2), w);
  }
}

/** out = a >> n, logical when `fill` is 0, arithmetic when 0xffffffff (n ≥ 256 gives all fill). */
function shrFill(out: usize, a: usize, n: u32, fill: u32): void {
  if (n >= 256) {
    for (let i: usize = 0; i < 32; i += 4) store<u32>(out + i, fill);
    return;
  }
  const limbs = <isize>(n >> 5);
  const bits = n & 31;
  copy(T3, a);
  for (let i: isize = 0; i < 8; i++) {
    const src = i + limbs;
    const lo: u32 = src < 8 ? load<u32>(T3 + (<usize>src << 2)) : fill;
    const hi: u32 = src + 1 < 8 ? load<u32>(T3 + (<usize>(src + 1) << 2)) : fill;
    store<u32>(out + (<usize>i << 2), bits == 0 ? lo : (lo >> bits) | (hi << (32 - bits)));
  }
}

/** out = a >> n (logical). */
export function shrBits(out: usize, a: usize, n: u32): void {
  shrFill(out, a, n, 0);
}

/** EVM SHL: out = value << shift. */
export function shl(out: usize, shift: usize, value: usize): void {
  shlBits(out, value, shiftCount(shift));
}

/** EVM SHR: out = value >> shift (logical). */
export function shr(out: usize, shift: usize, value: usize): void {
  shrFill(out, value, shiftCount(shift), 0);
}

/** EVM SAR: out = value >> shift (arithmetic). */
export function sar(out: usize, shift: usize, value: usize): void {
  shrFill(out, value, shiftCount(shift), isNegative(value) ? 0xffffffff : 0);
}

/** EVM SIGNEXTEND: out = x sign-extended from byte b (counted from the least significant; b ≥ 31 keeps x). */
export function signextend(out: usize, b: usize, x: usize): void {
  const keep = !fitsU64(b) || lowU64(b) >= 31;
  const byteIndex = <usize>lowU64(b); // read before `out` (which may alias b) is written
  copy(out, x);
  if (keep) return;
  const negative = (load<u8>(out + byteIndex) & 0x80) != 0;
  for (let i = byteIndex + 1; i < 32; i++) store<u8>(out + i, negative ? 0xff : 0);
}
