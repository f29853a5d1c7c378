// Dynamic gas of the EVM (Cancun), kept apart from the opcode semantics: memory expansion, copy
// costs, EIP-2929 warm/cold access, SSTORE (EIP-2200 with EIP-2929/3529 values), calls (value
// transfer, new account, EIP-150 all-but-one-64th), logs, EXP, KECCAK256, CREATE/CREATE2 (EIP-3860
// init-code words). The base gas of every opcode is in opcodes.ts.

export const G_WARM_ACCESS: u64 = 100;
export const G_COLD_ACCOUNT: u64 = 2600;
export const G_COLD_SLOAD: u64 = 2100;
/** cold account surcharge over the warm cost already in the opcode table */
export const G_COLD_ACCOUNT_EXTRA: u64 = 2500;
export const G_SSTORE_SET: u64 = 20000;
export const G_SSTORE_RESET: u64 = 2900; // 5000 - COLD_SLOAD
export const G_SSTORE_SENTRY: u64 = 2300; // EIP-2200: SSTORE needs more than the stipend
export const R_SSTORE_CLEARS: i64 = 4800; // EIP-3529
export const G_CALL_VALUE: u64 = 9000;
export const G_CALL_STIPEND: u64 = 2300;
export const G_NEW_ACCOUNT: u64 = 25000;
export const G_SELFDESTRUCT: u64 = 5000;
export const G_COPY_WORD: u64 = 3;
export const G_KECCAK_WORD: u64 = 6;
export const G_LOG_BYTE: u64 = 8;
export const G_EXP_BYTE: u64 = 50;
export const G_INITCODE_WORD: u64 = 2; // EIP-3860
export const G_CODE_DEPOSIT: u64 = 200;
export const G_MEMORY: u64 = 3;

/** EIP-3860 */
export const MAX_INITCODE_SIZE: u64 = 49152;
/** EIP-170 */
export const MAX_CODE_SIZE: u64 = 24576;

/**
 * The largest memory end we ever grow to: beyond it the expansion alone costs more than any gas
 * limit (2^25 words cost ~2^41 gas), so a larger offset or size is an out-of-gas halt.
 */
export const MAX_MEMORY_END: u64 = 1 << 32;

/** Number of 32-byte words covering `size` bytes. */
// @ts-ignore: decorator
@inline
export function words(size: u64): u64 {
  return (size + 31) >> 5;
}

/** Total memory cost of `w` words: 3w + w²/512. */
export function memoryCost(w: u64): u64 {
  return w * G_MEMORY + ((w * w) >> 9);
}

/** The cost of growing memory from `curWords` to cover `end` bytes (0 when already covered). */
export function memoryExpansionCost(curWords: u64, end: u64): u64 {
  const w = words(end);
  if (w <= curWords) return 0;
  return memoryCost(w) - memoryCost(curWords);
}

/** Copy cost: 3 per word. */
export function copyCost(size: u64): u64 {
  return words(size) * G_COPY_WORD;
}

/** EIP-150: all but one 64th of `available`. */
export function allButOne64th(available: u64): u64 {
  return available - available / 64;
}

/** The gas a sub-call gets: min(requested, all but one 64th of what is left). */
export function callGas(requested: u64, available: u64): u64 {
  const cap = allButOne64th(available);
  return requested < cap ? requested : cap;
}

/**
 * SSTORE gas (EIP-2200 with EIP-2929's and EIP-3529's values), cold surcharge excluded, for a slot
 * whose original/current/new values compare as given; the refund delta goes to `refundOut`.
 */
export class SstoreCost {
  gas: u64 = 0;
  refund: i64 = 0;
}

export function sstoreCost(out: SstoreCost, origIsZero: bool, currentIsZero: bool, newIsZero: bool, currentEqNew: bool, origEqCurrent: bool, origEqNew: bool): void {
  out.refund = 0;
  if (currentEqNew) {
    out.gas = G_WARM_ACCESS;
    return;
  }
  if (origEqCurrent) {
    // clean slot
    if (origIsZero) {
      out.gas = G_SSTORE_SET;
      return;
    }
    out.gas = G_SSTORE_RESET;
    if (newIsZero) out.refund = R_SSTORE_CLEARS;
    return;
  }
  // dirty slot
  out.gas = G_WARM_ACCESS;
  if (!origIsZero) {
    if (currentIsZero) out.refund -= R_SSTORE_CLEARS;
    else if (newIsZero) out.refund += R_SSTORE_CLEARS;
  }
  if (origEqNew) {
    if (origIsZero) out.refund += <i64>(G_SSTORE_SET - G_WARM_ACCESS);
    else out.refund += <i64>(G_SSTORE_RESET - G_WARM_ACCESS);
  }
}
