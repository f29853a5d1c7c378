// Airbender's keccak "special5" delegation (CSR 0x7CB): one small step of keccak-f[1600] per call, on a
// state of 25 lanes plus 5 scratch lanes (u64, little-endian) at x11, the lanes kept in a permuted
// layout so that π costs nothing. x10 carries the control word (step, iteration, round) in its upper
// 16 bits and is advanced by the delegation itself, so a guest repeats the same `csrrw x0, 0x7cb, x0`.
// As in risc_v_simulator/src/delegations/keccak_special5.rs (zksync-airbender, commit 2b33282):
// docs/airbender.md lists the rules. Round constants: emulator/accel/keccak.ts.
import { keccakRoundConstant } from '../accel/keccak';
import type { Memory } from '../memory';

/** Memory below this (2 MiB) is ROM by convention. */
const ROM_END = 1 << 21;
/** The state area: 25 lanes then the scratch lanes 25..29, 64-bit each. */
export const KECCAK_SPECIAL5_LANES = 30;

/** The five step kinds, by their bit in the control word's low 5 bits. */
export const KECCAK_STEP = { IOTA_COLUMNXOR: 0, COLUMNMIX: 1, THETA_RHO: 2, CHI1: 3, CHI2: 4 } as const;

/** The control word for (step, iteration, round): one-hot step, one-hot iteration << 5, round << 10. */
export function keccakControl(step: number, iteration: number, round: number): number {
  return (1 << step) | ((1 << iteration) << 5) | (round << 10);
}

/** x10 a guest loads before the first call of a permutation: step IOTA_COLUMNXOR, iteration 0, round 0. */
export const KECCAK_INITIAL_X10 = keccakControl(KECCAK_STEP.IOTA_COLUMNXOR, 0, 0) << 16;
/** Calls per round (5 column xors, 1 column mix, 5 theta-rho, 5 × (chi1, chi2)) and per permutation. */
export const KECCAK_CALLS_PER_ROUND = 21;
export const KECCAK_CALLS_PER_PERMUTATION = 24 * KECCAK_CALLS_PER_ROUND;

/** ρ offsets by lane index x + 5y (FIPS 202 §3.2.2: the walk (x, y) → (y, 2x + 3y)). */
const RHO: readonly number[] = (() => {
  const r = new Array<number>(25).fill(0);
  let [x, y] = [1, 0];
  for (let t = 0; t < 24; t++) {
    r[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64;
    [x, y] = [y, (2 * x + 3 * y) % 5];
  }
  return r;
})();

/**
 * LAYOUT[k][i]: the slot holding logical lane i at the start of round k (k = 0..24). Round 0 is the
 * identity; π moves lane (x, y) to (y, 2x + 3y), so the slot of (x, y) before round k holds
 * (y, 2x + 3y) after it. After 24 rounds the layout is the identity again.
 */
const LAYOUT: readonly (readonly number[])[] = (() => {
  const rows: number[][] = [Array.from({ length: 25 }, (_, i) => i)];
  for (let k = 0; k < 24; k++) {
    const prev = rows[k];
    const next = new Array<number>(25);
    for (let x = 0; x < 5; x++) for (let y = 0; y < 5; y++) next[y + 5 * ((2 * x + 3 * y) % 5)] = prev[x + 5 * y];
    rows.push(next);
  }
  return rows;
})();

/** The layout table as one flat array (25 rows of 25), for comparison with Airbender's table. */
export function keccakLayoutTable(): number[] {
  return LAYOUT.flat();
}

/** Column parity slot per theta iteration: D[x] = C[x-1] ^ rotl(C[x+1], 1) sits at 25 + ((x + 4) % 5). */
const THETA_COLUMN = [29, 25, 26, 27, 28];

const hex = (n: number) => '0x' + (n >>> 0).toString(16);
const trailingZeros = (v: number) => (v === 0 ? 32 : 31 - Math.clz32(v & -v));

/** The next control word after (step, iteration, round), as the delegation writes it back. */
function nextControl(step: number, iteration: number, round: number): number {
  const last = iteration === 4;
  const wrap = (iteration + 1) % 5;
  switch (step) {
    case KECCAK_STEP.IOTA_COLUMNXOR: return keccakControl(last ? KECCAK_STEP.COLUMNMIX : step, wrap, round);
    case KECCAK_STEP.COLUMNMIX: return keccakControl(KECCAK_STEP.THETA_RHO, iteration, round);
    case KECCAK_STEP.THETA_RHO: return keccakControl(last ? KECCAK_STEP.CHI1 : step, wrap, round);
    case KECCAK_STEP.CHI1: return keccakControl(KECCAK_STEP.CHI2, iteration, round);
    default: return keccakControl(last ? KECCAK_STEP.IOTA_COLUMNXOR : KECCAK_STEP.CHI1, wrap, last ? round + 1 : round);
  }
}

/** The six lane slots a step reads and writes. */
function slots(step: number, i: number, round: number): number[] {
  const before = LAYOUT[round];
  const after = LAYOUT[round + 1];
  switch (step) {
    case KECCAK_STEP.IOTA_COLUMNXOR: return [before[i], before[i + 5], before[i + 10], before[i + 15], before[i + 20], 25 + i];
    case KECCAK_STEP.COLUMNMIX: return [25, 26, 27, 28, 29, 0];
    case KECCAK_STEP.THETA_RHO: return [before[i], before[i + 5], before[i + 10], before[i + 15], before[i + 20], THETA_COLUMN[i]];
    case KECCAK_STEP.CHI1: return [after[5 * i + 1], after[5 * i + 2], after[5 * i + 3], after[5 * i + 4], 25, 26];
    default: return [after[5 * i], after[5 * i + 3], after[5 * i + 4], 25, 26, 27];
  }
}

/** SLOTS[((round * 5 + step) * 5 + iteration) * 6 + k]: the k-th slot of each call, precomputed. */
const SLOTS = new Uint8Array(24 * 5 * 5 * 6);
for (let round = 0; round < 24; round++) {
  for (let step = 0; step < 5; step++) for (let i = 0; i < 5; i++) SLOTS.set(slots(step, i, round), ((round * 5 + step) * 5 + i) * 6);
}

/** Round constants as (low, high) words: ι of round r - 1 is applied at the start of round r. */
const RC_LO = new Int32Array(24);
const RC_HI = new Int32Array(24);
for (let r = 0; r < 24; r++) {
  const rc = keccakRoundConstant(r);
  RC_LO[r] = Number(rc & 0xffffffffn) | 0;
  RC_HI[r] = Number(rc >> 32n) | 0;
}

// The six lanes of one call as (low, high) word pairs: read, transformed in place, written back.
const lo = new Int32Array(6);
const hi = new Int32Array(6);
let rotLo = 0;
let rotHi = 0;

/** rotLo/rotHi ← the 64-bit (l, h) rotated left by n (0..63). */
function rotl(l: number, h: number, n: number): void {
  if (n >= 32) {
    const t = l;
    l = h;
    h = t;
    n -= 32;
  }
  if (n === 0) {
    rotLo = l;
    rotHi = h;
  } else {
    rotLo = (l << n) | (h >>> (32 - n));
    rotHi = (h << n) | (l >>> (32 - n));
  }
}

/** One step on lo/hi (in `slots` order), in place. */
function step5(step: number, i: number, round: number): void {
  switch (step) {
    case KECCAK_STEP.IOTA_COLUMNXOR: {
      // ι of the previous round on lane 0 (Airbender's table: 0 for round 0, then RC[round - 1]), then
      // the parity of column i into scratch 25 + i
      if (i === 0 && round > 0) {
        lo[0] ^= RC_LO[round - 1];
        hi[0] ^= RC_HI[round - 1];
      }
      lo[5] = lo[0] ^ lo[1] ^ lo[2] ^ lo[3] ^ lo[4];
      hi[5] = hi[0] ^ hi[1] ^ hi[2] ^ hi[3] ^ hi[4];
      return;
    }
    case KECCAK_STEP.COLUMNMIX: {
      // D[x + 1] = C[x] ^ rotl(C[x + 2], 1), from the column parities as read
      const cl = lo.slice(0, 5);
      const ch = hi.slice(0, 5);
      for (let k = 0; k < 5; k++) {
        const j = (k + 2) % 5;
        rotl(cl[j], ch[j], 1);
        lo[k] = cl[k] ^ rotLo;
        hi[k] = ch[k] ^ rotHi;
      }
      return;
    }
    case KECCAK_STEP.THETA_RHO: {
      for (let y = 0; y < 5; y++) {
        rotl(lo[y] ^ lo[5], hi[y] ^ hi[5], RHO[i + 5 * y]);
        lo[y] = rotLo;
        hi[y] = rotHi;
      }
      return;
    }
    case KECCAK_STEP.CHI1: {
      const [l1, l2, l3, l4] = [lo[0], lo[1], lo[2], lo[3]];
      const [h1, h2, h3, h4] = [hi[0], hi[1], hi[2], hi[3]];
      lo[0] = l1 ^ (~l2 & l3);
      hi[0] = h1 ^ (~h2 & h3);
      lo[1] = l2 ^ (~l3 & l4);
      hi[1] = h2 ^ (~h3 & h4);
      lo[4] = ~l1 & l2;
      hi[4] = ~h1 & h2;
      lo[5] = l1;
      hi[5] = h1;
      return;
    }
    default: {
      const [l0, l3, l4, l25, l26] = [lo[0], lo[1], lo[2], lo[3], lo[4]];
      const [h0, h3, h4, h25, h26] = [hi[0], hi[1], hi[2], hi[3], hi[4]];
      const b0l = l0 ^ l25;
      const b0h = h0 ^ h25;
      lo[0] = b0l;
      hi[0] = b0h;
      lo[1] = l3 ^ (~l4 & l0);
      hi[1] = h3 ^ (~h4 & h0);
      lo[2] = l4 ^ (~l0 & l26);
      hi[2] = h4 ^ (~h0 & h26);
      lo[5] = b0l;
      hi[5] = b0h;
    }
  }
}

/**
 * The delegation: x10 control (<< 16) in, next control out; x11 the 256-byte aligned state in RAM.
 * Returns an error message (Airbender's assertions, in its order), or undefined.
 */
export function keccakSpecial5Delegation(x: Int32Array, memory: Memory): string | undefined {
  const x10 = x[10] >>> 0;
  const x11 = x[11] >>> 0;
  const control = x10 >>> 16;
  if (x10 & 0xffff) return `x10 = ${hex(x10)}: the control word's low 16 bits must be 0`;
  if (x11 % 256 !== 0) return `x11 = ${hex(x11)} is not 256-byte aligned`;
  if (control >= 1 << 15) return `x10 = ${hex(x10)}: the control word (x10 >> 16 = ${hex(control)}) has more than 15 bits`;
  if (x11 < ROM_END) return `x11 = ${hex(x11)} points into ROM (below ${hex(ROM_END)})`;
  const step = trailingZeros(control & 31);
  const iteration = trailingZeros((control >>> 5) & 31);
  const round = control >>> 10;
  if (step >= 5 || iteration >= 5 || round >= 24) {
    return `x10 = ${hex(x10)}: invalid control (step bits 0b${(control & 31).toString(2)}, iteration bits 0b${((control >>> 5) & 31).toString(2)}, round ${round}; round must be < 24)`;
  }
  if (x11 + 8 * KECCAK_SPECIAL5_LANES > memory.size) return `x11 = ${hex(x11)}: the state runs past the end of memory (${hex(memory.size)})`;
  const at = ((round * 5 + step) * 5 + iteration) * 6;
  const w = memory.i32;
  const base = x11 >>> 2;
  for (let k = 0; k < 6; k++) {
    const s = base + 2 * SLOTS[at + k];
    lo[k] = w[s];
    hi[k] = w[s + 1];
  }
  step5(step, iteration, round);
  for (let k = 0; k < 6; k++) {
    const s = base + 2 * SLOTS[at + k];
    w[s] = lo[k];
    w[s + 1] = hi[k];
  }
  x[10] = nextControl(step, iteration, round) << 16;
  return undefined;
}

/**
 * The six lane slots (0..29) the call with control word `x10` reads and writes, in call order; undefined
 * when the control word is one the delegation rejects. For traces: the call's record names its lanes.
 */
export function keccakSpecial5Slots(x10: number): number[] | undefined {
  const control = (x10 >>> 0) >>> 16;
  if (x10 & 0xffff || control >= 1 << 15) return undefined;
  const step = trailingZeros(control & 31);
  const iteration = trailingZeros((control >>> 5) & 31);
  const round = control >>> 10;
  if (step >= 5 || iteration >= 5 || round >= 24) return undefined;
  const at = ((round * 5 + step) * 5 + iteration) * 6;
  return Array.from(SLOTS.subarray(at, at + 6));
}
