// Accelerator (delegation) calls and their weights in effective cycles: what one call costs a prover
// in RISC-V-cycle equivalents (docs/oracle.md justifies each number).
import { BLAKE2S_ROUNDS } from './blake2s';

export type AcceleratorName = 'keccak_f' | 'blake2s_compress' | 'u256_op';

const KECCAK_ROUNDS = 24;
/** ZKsync OS counts a BLAKE2s round as 16 cycles (its round is one delegation call). */
const BLAKE2S_ROUND_WEIGHT = 16;
/** A keccak-f round moves 3x the state of a BLAKE2s round and does ~4x its 32-bit work: 4 BLAKE2s rounds. */
const KECCAK_ROUND_WEIGHT = 4 * BLAKE2S_ROUND_WEIGHT;

export const ACCELERATOR_WEIGHTS: Readonly<Record<AcceleratorName, number>> = {
  keccak_f: KECCAK_ROUNDS * KECCAK_ROUND_WEIGHT, // 1536
  blake2s_compress: BLAKE2S_ROUNDS * BLAKE2S_ROUND_WEIGHT, // 160
  u256_op: 4, // as ZKsync OS's bigint delegation: 24 words of memory traffic ≈ 4 CPU rows
};

/**
 * A u256_op mont_mul counts as this many u256_op calls (so weighs 5 × 4): the operations it replaces
 * on ZKsync OS's bigint circuit, one row each — the two halves of a·b, q = lo·m', the high half of
 * q·m and the addition (the conditional subtraction of m is not counted: it is about one in four).
 */
export const U256_MONT_MUL_OPERATIONS = 5;

/** A u256_op add_mod or sub_mod counts as this many u256_op calls: the addition (subtraction) and the correction by m. */
export const U256_MOD_OPERATIONS = 2;

export const ACCELERATOR_NAMES = Object.keys(ACCELERATOR_WEIGHTS) as AcceleratorName[];

/** cycles + Σ weight × calls. */
export function effectiveCycles(cycles: number, calls: Readonly<Record<AcceleratorName, number>>): number {
  return ACCELERATOR_NAMES.reduce((sum, name) => sum + ACCELERATOR_WEIGHTS[name] * calls[name], cycles);
}
