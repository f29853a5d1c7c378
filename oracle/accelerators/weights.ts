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

export const ACCELERATOR_NAMES = Object.keys(ACCELERATOR_WEIGHTS) as AcceleratorName[];

/** cycles + Σ weight × calls. */
export function effectiveCycles(cycles: number, calls: Readonly<Record<AcceleratorName, number>>): number {
  return ACCELERATOR_NAMES.reduce((sum, name) => sum + ACCELERATOR_WEIGHTS[name] * calls[name], cycles);
}
