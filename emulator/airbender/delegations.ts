// Airbender's delegation circuits as host functions: the BLAKE2s round (CSR 0x7C7) and the 256-bit
// operation with control bits (CSR 0x7CA). Registers x10.. carry pointers and control words; the
// checks are Airbender's assertions, reported as errors. Arithmetic: emulator/accel/.
import { BLAKE2S_IV, BLAKE2S_ROUNDS, BLAKE2S_SIGMA, blake2sRound } from '../accel/blake2s';
import { addWithCarry, mulWide, subWithBorrow } from '../accel/u256';
import type { Memory } from '../memory';
import { keccakSpecial5Delegation } from './keccak-special5';
import type { DelegationName } from './result';

/** Memory below this (2 MiB) is ROM by convention; delegations must not touch it. */
export const ROM_END = 1 << 21;

/** Runs one delegation on the registers and memory; returns an error message, or undefined. */
export type Delegation = (x: Int32Array, memory: Memory) => string | undefined;

const hex = (n: number) => '0x' + (n >>> 0).toString(16);

/** Reads `count` words at `address` (4-aligned), or an error naming the register. */
function readWords(memory: Memory, address: number, count: number, what: string): Uint32Array | string {
  if (address + 4 * count > memory.size) return `${what} ${hex(address)}: ${count} words run past the end of memory (${hex(memory.size)})`;
  return Uint32Array.from(memory.i32.subarray(address >>> 2, (address >>> 2) + count));
}

function writeWords(memory: Memory, address: number, words: ArrayLike<number>): void {
  memory.i32.set(Int32Array.from(words), address >>> 2);
}

/** Airbender's pointer checks: alignment, outside ROM, and the two pointers distinct. */
function checkPointers(x10: number, x11: number, align10: number, align11: number): string | undefined {
  if (x10 % align10 !== 0) return `x10 = ${hex(x10)} is not ${align10}-byte aligned`;
  if (x11 % align11 !== 0) return `x11 = ${hex(x11)} is not ${align11}-byte aligned`;
  if (x10 < ROM_END) return `x10 = ${hex(x10)} points into ROM (below ${hex(ROM_END)})`;
  if (x11 < ROM_END) return `x11 = ${hex(x11)} points into ROM (below ${hex(ROM_END)})`;
  if (x10 === x11) return `x10 and x11 are the same pointer (${hex(x10)})`;
  return undefined;
}

// ---- BLAKE2s round with extended control (CSR 0x7C7) ----

/** x13 control bits. */
export const BLAKE2S_CONTROL = { LAST_ROUND: 1 << 0, INPUT_IS_RIGHT_NODE: 1 << 1, COMPRESSION_MODE: 1 << 2 } as const;
/** IV with the parameter block of an unkeyed 32-byte digest folded into word 0. */
export const BLAKE2S_CONFIGURED_IV = Uint32Array.from(BLAKE2S_IV, (w, i) => (i === 0 ? w ^ 0x01010000 ^ 32 : w));

/**
 * x10: 24 words (state h[8], then the working vector v[16]), 128-byte aligned, read and written;
 * x11: 16 input words, read; x12: one-hot round index; x13: control bits. One round of v; on the
 * last round h ^= v[0..8] ^ v[8..16] (from the configured IV in compression mode).
 */
export const blake2sRoundDelegation: Delegation = (x, memory) => {
  const [x10, x11, x12, x13] = [x[10] >>> 0, x[11] >>> 0, x[12] >>> 0, x[13] >>> 0];
  const bad = checkPointers(x10, x11, 128, 4);
  if (bad) return bad;
  if (x12 === 0 || (x12 & (x12 - 1)) !== 0) return `x12 = 0b${x12.toString(2)} must have exactly one bit set (the round)`;
  const round = 31 - Math.clz32(x12);
  if (round >= BLAKE2S_ROUNDS) return `x12 = ${hex(x12)} selects round ${round}; BLAKE2s has ${BLAKE2S_ROUNDS}`;
  return blake2sRoundOnMemory(memory, x10, x11, round, {
    compression: (x13 & BLAKE2S_CONTROL.COMPRESSION_MODE) !== 0,
    right: (x13 & BLAKE2S_CONTROL.INPUT_IS_RIGHT_NODE) !== 0,
    last: (x13 & BLAKE2S_CONTROL.LAST_ROUND) !== 0,
  });
};

/** One round on the 24 state words at x10 and the 16 input words at x11 (pointers already checked). */
function blake2sRoundOnMemory(
  memory: Memory,
  x10: number,
  x11: number,
  round: number,
  mode: { readonly compression: boolean; readonly right: boolean; readonly last: boolean },
): string | undefined {
  const words = readWords(memory, x10, 24, 'x10');
  if (typeof words === 'string') return words;
  const input = readWords(memory, x11, 16, 'x11');
  if (typeof input === 'string') return input;
  let h = words.slice(0, 8);
  const v = words.slice(8, 24);
  let message: Uint32Array = input;
  if (mode.compression) {
    if (round === 0) {
      v.set(BLAKE2S_CONFIGURED_IV);
      v.set(BLAKE2S_IV, 8);
      v[12] ^= 64; // one full block
      v[14] ^= 0xffffffff; // and it is the last
    }
    const [first, second] = mode.right ? [input.subarray(0, 8), h] : [h, input.subarray(0, 8)];
    message = new Uint32Array(16);
    message.set(first);
    message.set(second, 8);
  } else if (round === 0) {
    v.set(h); // v[12] (t ^ IV[4]) and v[14] (f ^ IV[6]) stay as the guest wrote them
    v.set(BLAKE2S_IV.subarray(0, 4), 8);
    v[13] = BLAKE2S_IV[5];
    v[15] = BLAKE2S_IV[7];
  }
  blake2sRound(v, message, BLAKE2S_SIGMA[round]);
  if (mode.last) {
    if (mode.compression) h = BLAKE2S_CONFIGURED_IV.slice();
    for (let i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
  }
  writeWords(memory, x10, h);
  writeWords(memory, x10 + 32, v);
  return undefined;
}

// ---- BLAKE2s round, newer convention: everything in x12, which the call advances ----

/**
 * x12 bits 16..18 (the control word's low 3 bits): bit 0 reduced rounds (7 instead of 10), bit 1 input
 * is the right node, bit 2 compression mode; bits 19..28: the one-hot round. riscv_transpiler
 * (common_constants/src/delegation_types/blake2s_with_control.rs constants).
 */
export const BLAKE2S_PACKED = {
  REDUCED_ROUNDS: 0b001,
  INPUT_IS_RIGHT_NODE: 0b010,
  COMPRESSION_MODE: 0b100,
  CONTROL_BITS: 3,
  /** x12 before the first call: round 0, normal mode, 10 rounds */
  NORMAL_FULL_ROUNDS: 0b1000 << 16,
  NORMAL_REDUCED_ROUNDS: (0b1000 | 0b001) << 16,
} as const;

/**
 * The newer BLAKE2s convention (riscv_transpiler/src/vm/delegations/blake2_round_function.rs,
 * `blake2_round_function_impl`): x10 → h[8] ‖ v[16] (128-byte aligned), x11 → 16 input words
 * (64-byte aligned); x12 packs control and round as above; the last round is 9 (6 when reduced);
 * x12 ← the same control with the round bit shifted up (0 after round 9). x13 is unused.
 */
export const blake2sPackedDelegation: Delegation = (x, memory) => {
  const [x10, x11, x12] = [x[10] >>> 0, x[11] >>> 0, x[12] >>> 0];
  const bad = checkPointers(x10, x11, 128, 64);
  if (bad) return bad;
  const control = (x12 >>> 16) & 0b111;
  const mask = x12 >>> (16 + BLAKE2S_PACKED.CONTROL_BITS);
  if (mask === 0 || (mask & (mask - 1)) !== 0) return `x12 = ${hex(x12)}: bits 19.. (the round) must have exactly one bit set, not 0b${mask.toString(2)}`;
  const round = 31 - Math.clz32(mask);
  if (round >= BLAKE2S_ROUNDS) return `x12 = ${hex(x12)} selects round ${round}; BLAKE2s has ${BLAKE2S_ROUNDS}`;
  const reduced = (control & BLAKE2S_PACKED.REDUCED_ROUNDS) !== 0;
  const error = blake2sRoundOnMemory(memory, x10, x11, round, {
    compression: (control & BLAKE2S_PACKED.COMPRESSION_MODE) !== 0,
    right: (control & BLAKE2S_PACKED.INPUT_IS_RIGHT_NODE) !== 0,
    last: round === 9 || (reduced && round === 6),
  });
  if (error !== undefined) return error;
  x[12] = (control | (((mask << 1) & ((1 << BLAKE2S_ROUNDS) - 1)) << BLAKE2S_PACKED.CONTROL_BITS)) << 16;
  return undefined;
};

// ---- 256-bit operations with control (CSR 0x7CA) ----

/** x12 control bits: exactly one operation, plus the carry/borrow-in bit. */
export const U256_CONTROL = {
  ADD: 1 << 0,
  SUB: 1 << 1,
  SUB_AND_NEGATE: 1 << 2,
  MUL_LOW: 1 << 3,
  MUL_HIGH: 1 << 4,
  EQ: 1 << 5,
  CARRY: 1 << 6,
  MEMCOPY: 1 << 7,
} as const;

type U256Op = (a: Uint32Array, b: Uint32Array, carry: number) => { out: ArrayLike<number>; flag: number };

const ZERO = new Uint32Array(8);

/** Operation bit → a and b (8 words each, a at x10, b at x11) → what goes back to x10, and x12. */
const U256_OPS: ReadonlyMap<number, U256Op> = new Map<number, U256Op>([
  [U256_CONTROL.ADD, (a, b, c) => addWithCarry(a, b, c)],
  [U256_CONTROL.SUB, (a, b, c) => subWithBorrow(a, b, c)],
  [U256_CONTROL.SUB_AND_NEGATE, (a, b, c) => subWithBorrow(b, a, c)],
  [U256_CONTROL.MUL_LOW, (a, b) => { const p = mulWide(a, b); return { out: p.subarray(0, 8), flag: p.subarray(8).some((w) => w !== 0) ? 1 : 0 }; }],
  [U256_CONTROL.MUL_HIGH, (a, b) => ({ out: mulWide(a, b).subarray(8), flag: 0 })],
  [U256_CONTROL.EQ, (a, b) => ({ out: a, flag: a.every((w, i) => w === b[i]) ? 1 : 0 })],
  [U256_CONTROL.MEMCOPY, (_a, b, c) => addWithCarry(b, ZERO, c)],
]);

/**
 * x10: a (8 words, 32-byte aligned), read and overwritten with the result; x11: b (8 words,
 * 32-byte aligned), read; x12: control mask in, flag (carry, borrow, high half nonzero, equal) out.
 */
export const u256Delegation: Delegation = (x, memory) => {
  const [x10, x11, x12] = [x[10] >>> 0, x[11] >>> 0, x[12] >>> 0];
  const bad = checkPointers(x10, x11, 32, 32);
  if (bad) return bad;
  const op = U256_OPS.get(x12 & ~U256_CONTROL.CARRY);
  if (x12 >= 256 || !op) return `x12 = 0b${x12.toString(2)} must set exactly one operation bit (0-5 or 7) and at most the carry bit 6`;
  const a = readWords(memory, x10, 8, 'x10');
  if (typeof a === 'string') return a;
  const b = readWords(memory, x11, 8, 'x11');
  if (typeof b === 'string') return b;
  const { out, flag } = op(a, b, x12 & U256_CONTROL.CARRY ? 1 : 0);
  writeWords(memory, x10, out);
  x[12] = flag;
  return undefined;
};

/** Delegation CSRs, by number. */
export const DELEGATIONS: ReadonlyMap<number, { readonly name: DelegationName; readonly run: Delegation }> = new Map<number, { readonly name: DelegationName; readonly run: Delegation }>([
  [0x7c7, { name: 'blake2s' as const, run: blake2sRoundDelegation }],
  [0x7ca, { name: 'u256' as const, run: u256Delegation }],
  [0x7cb, { name: 'keccak' as const, run: keccakSpecial5Delegation }],
]);
