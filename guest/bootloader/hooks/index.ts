// System hooks: calls to special addresses (the precompiles) are served here, without a new EE.
// One file per precompile, named by address (01-ecrecover.ts, 02-sha256.ts, 03-ripemd160.ts,
// 04-identity.ts); 0x05-0x0a come with the state-commitment issue.
//
// CONTRACT (fixed signatures), used by the runner:
import { CallResult } from '../../ee/interface';

/** Whether `addr` (an address word) is a precompile of the Cancun fork (0x01-0x0a). */
export function isPrecompile(addr: usize): bool {
  return unreachable();
}

/**
 * Runs precompile `addr` on `input` with `gas`: on success the output and gas left; when gas is too
 * short or the input is invalid, failure with gasLeft 0 (as an exceptional halt).
 */
export function runPrecompile(addr: usize, input: Uint8Array, gas: u64): CallResult {
  return unreachable();
}
