// Accelerators (delegations, docs/oracle.md) as plain functions: keccak-f[1600] and Keccak-256,
// the BLAKE2s compression function, 256-bit arithmetic on 8-word operands. AssemblyScript.

// @ts-ignore: decorator
@external("zkos", "keccak_f")
declare function zkKeccakF(state: usize): void;

// @ts-ignore: decorator
@external("zkos", "blake2s_compress")
declare function zkBlake2sCompress(h: usize, m: usize, tLo: u32, tHi: u32, last: u32): void;

// @ts-ignore: decorator
@external("zkos", "u256_op")
declare function zkU256Op(op: u32, a: usize, b: usize, out: usize): i32;

// u256 operation codes: U256_OP and U256_CARRY_IN in toolchain/wasm/abi.ts (a test checks they agree)
export const U256_ADD: u32 = 0;
export const U256_SUB: u32 = 1;
export const U256_MUL_LO: u32 = 2;
export const U256_MUL_HI: u32 = 3;
export const U256_CMP: u32 = 4;
export const U256_MONT_MUL: u32 = 5;
export const U256_ADD_MOD: u32 = 6;
export const U256_SUB_MOD: u32 = 7;
export const U256_CARRY_IN: u32 = 0x100;
/** MONT_MUL's, ADD_MOD's and SUB_MOD's op word: these bits are the address of the modulus m (U256_MODULUS_MASK in abi.ts) */
const MODULUS_BITS: u32 = 0xfffffe00;

/** keccak-f[1600] in place on 25 little-endian u64 lanes (200 bytes) at `state` (4-byte aligned). */
export function keccakF(state: usize): void {
  zkKeccakF(state);
}

/** BLAKE2s F: updates the 8-word chaining value at `h` from the 16-word block at `m`, byte counter `t`. */
export function blake2sCompress(h: usize, m: usize, t: u64, last: bool): void {
  zkBlake2sCompress(h, m, <u32>t, <u32>(t >> 32), last ? 1 : 0);
}

/** out = a + b + carryIn (mod 2^256); returns the carry out. Operands are 8 LE words, 4-byte aligned. */
export function u256Add(out: usize, a: usize, b: usize, carryIn: u32 = 0): u32 {
  return <u32>zkU256Op(U256_ADD | (carryIn != 0 ? U256_CARRY_IN : 0), a, b, out);
}

/** out = a - b - borrowIn (mod 2^256); returns the borrow out. */
export function u256Sub(out: usize, a: usize, b: usize, borrowIn: u32 = 0): u32 {
  return <u32>zkU256Op(U256_SUB | (borrowIn != 0 ? U256_CARRY_IN : 0), a, b, out);
}

/** out = the low 256 bits of a * b; returns 1 when the high half is not zero. */
export function u256MulLo(out: usize, a: usize, b: usize): u32 {
  return <u32>zkU256Op(U256_MUL_LO, a, b, out);
}

/** out = the high 256 bits of a * b; returns 1 when they are not zero. */
export function u256MulHi(out: usize, a: usize, b: usize): u32 {
  return <u32>zkU256Op(U256_MUL_HI, a, b, out);
}

/**
 * out = a * b * 2^-256 mod m (the Montgomery product) for odd m and a, b < m (anything else stops
 * the run); m must be 512-byte aligned: its address travels in the op word.
 */
// @ts-ignore: decorator
@inline export function u256MontMul(out: usize, a: usize, b: usize, m: usize): void {
  zkU256Op(U256_MONT_MUL | (<u32>m & MODULUS_BITS), a, b, out);
}

/** out = (a + b) mod m for a, b < m (anything else stops the run); m 512-byte aligned, as for u256MontMul. */
// @ts-ignore: decorator
@inline export function u256AddMod(out: usize, a: usize, b: usize, m: usize): void {
  zkU256Op(U256_ADD_MOD | (<u32>m & MODULUS_BITS), a, b, out);
}

/** out = (a - b) mod m for a, b < m (anything else stops the run); m 512-byte aligned, as for u256MontMul. */
// @ts-ignore: decorator
@inline export function u256SubMod(out: usize, a: usize, b: usize, m: usize): void {
  zkU256Op(U256_SUB_MOD | (<u32>m & MODULUS_BITS), a, b, out);
}

/** -1, 0 or 1 as a <, =, > b (unsigned). */
export function u256Cmp(a: usize, b: usize): i32 {
  return zkU256Op(U256_CMP, a, b, 0);
}

// ---- Keccak-256 (Ethereum's padding) on the keccak_f accelerator ----

const RATE: usize = 136;
const STATE: usize = memory.data(200, 16);

/** Writes keccak256(bytes [data, data + len)) to the 32 bytes at `out`. */
export function keccak256(data: usize, len: usize, out: usize): void {
  memory.fill(STATE, 0, 200);
  let at: usize = 0;
  while (len - at >= RATE) {
    for (let i: usize = 0; i < RATE; i++) store<u8>(STATE + i, load<u8>(STATE + i) ^ load<u8>(data + at + i));
    zkKeccakF(STATE);
    at += RATE;
  }
  const rest = len - at;
  for (let i: usize = 0; i < rest; i++) store<u8>(STATE + i, load<u8>(STATE + i) ^ load<u8>(data + at + i));
  store<u8>(STATE + rest, load<u8>(STATE + rest) ^ 0x01);
  store<u8>(STATE + RATE - 1, load<u8>(STATE + RATE - 1) ^ 0x80);
  zkKeccakF(STATE);
  memory.copy(out, STATE, 32);
}
